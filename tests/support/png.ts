import { crc32, deflateSync } from 'node:zlib'

/**
 * A real `size`×`size` RGB PNG filled with one colour, built from scratch so a test knows the exact
 * bytes the server must end up holding (the sample backend accepts only real image bytes).
 */
export function makePng(rgb: [number, number, number], size = 16): Buffer {
  const row = Buffer.alloc(1 + size * 3) // leading 0: filter type "none"
  for (let x = 0; x < size; x++) row.set(rgb, 1 + x * 3)
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit truecolour, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}
