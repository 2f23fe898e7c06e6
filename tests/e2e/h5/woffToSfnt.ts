import { inflateSync } from 'node:zlib'

/**
 * Unwraps a WOFF 1.0 font into the plain TrueType/OpenType file it compresses (each table is zlib'd
 * on its own; https://www.w3.org/TR/WOFF/). fontconfig reads only the plain file, and npm ships CJK
 * fonts as web fonts.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF 1.0 file')
  const numTables = woff.readUInt16BE(12)
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20
    const [offset, compLength, origLength] = [woff.readUInt32BE(at + 4), woff.readUInt32BE(at + 8), woff.readUInt32BE(at + 12)]
    const stored = woff.subarray(offset, offset + compLength)
    return { tag: woff.subarray(at, at + 4), checksum: woff.readUInt32BE(at + 16), data: compLength < origLength ? inflateSync(stored) : stored }
  })
  const header = Buffer.alloc(12 + 16 * numTables)
  const log2 = Math.floor(Math.log2(numTables))
  header.writeUInt32BE(woff.readUInt32BE(4), 0) // flavor: the sfnt version
  header.writeUInt16BE(numTables, 4)
  header.writeUInt16BE(2 ** log2 * 16, 6)
  header.writeUInt16BE(log2, 8)
  header.writeUInt16BE(numTables * 16 - 2 ** log2 * 16, 10)
  const bodies: Buffer[] = []
  let offset = header.length
  tables.forEach((table, i) => {
    table.tag.copy(header, 12 + i * 16)
    header.writeUInt32BE(table.checksum, 16 + i * 16)
    header.writeUInt32BE(offset, 20 + i * 16)
    header.writeUInt32BE(table.data.length, 24 + i * 16)
    const padded = Buffer.alloc(Math.ceil(table.data.length / 4) * 4)
    table.data.copy(padded)
    bodies.push(padded)
    offset += padded.length
  })
  return Buffer.concat([header, ...bodies])
}
