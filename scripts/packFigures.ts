/** What `npm pack --json` says of a tarball, and the docs' install page states under "Packaging". */
export interface PackFigures {
  /** The tarball's bytes. */
  size: number
  /** The bytes of the files in it. */
  unpackedSize: number
  entryCount: number
}

/** The figures' place in a page: between `<!-- npm pack -->` and `<!-- /npm pack -->`. */
export const packFiguresBlock = /(?<=<!-- npm pack -->).*?(?=<!-- \/npm pack -->)/

// npm's own unit, as `npm pack` prints it: decimal kilobytes.
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`

/** The figures as the page written in `language` states them. */
export function formatPackFigures({ size, unpackedSize, entryCount }: PackFigures, language: 'en' | 'zh-CN'): string {
  return language === 'en'
    ? `${kB(size)} packed, ${kB(unpackedSize)} unpacked, ${entryCount} files`
    : `压缩后 ${kB(size)}，解压后 ${kB(unpackedSize)}，共 ${entryCount} 个文件`
}
