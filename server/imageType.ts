export interface ImageType {
  ext: 'png' | 'jpg' | 'gif' | 'webp'
  mime: string
}

/** A stored upload's file name: its SHA-256 and extension, so a name can never step outside the uploads dir. */
export const UPLOAD_NAME_PATTERN = '[0-9a-f]{64}\\.(?:png|jpg|gif|webp)'

const MIME_BY_EXT: Record<ImageType['ext'], string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
}

const startsWith = (bytes: Buffer, signature: string, offset = 0) =>
  bytes.subarray(offset, offset + signature.length).equals(Buffer.from(signature, 'latin1'))

/**
 * Identifies an image by its magic bytes. The client's file name and
 * Content-Type are ignored: both are whatever the uploader says they are.
 */
export function sniffImage(bytes: Buffer): ImageType | undefined {
  const ext: ImageType['ext'] | undefined = startsWith(bytes, '\x89PNG\r\n\x1a\n')
    ? 'png'
    : startsWith(bytes, '\xff\xd8\xff')
      ? 'jpg'
      : startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')
        ? 'gif'
        : startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)
          ? 'webp'
          : undefined
  return ext && { ext, mime: MIME_BY_EXT[ext] }
}
