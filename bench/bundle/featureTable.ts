import { addedBytes, FEATURES, TARGETS, type VariantSize } from './measureBundles'

/**
 * "What each feature adds" in bench/README.md, as markdown: per import, the gzipped vendor.js of
 * the core with it minus the core alone (relogin-min), at each target in `sizes`.
 */
export function featureTable(sizes: VariantSize[]): string[] {
  const targets = TARGETS.filter((target) => sizes.some((size) => size.target === target))
  const heading = (target: string) => (target === 'default' ? 'default target' : `\`build.target: '${target}'\``)
  return [
    `| import | ${targets.map(heading).join(' | ')} |`,
    `|---|${targets.map(() => '---:|').join('')}`,
    ...FEATURES.map(({ name, variant }) => {
      const cells = targets.map((target) => `${addedBytes(sizes, variant, 'relogin-min', target).gzipBytes.toLocaleString('en-US')} B`)
      return `| \`${name}\` | ${cells.join(' | ')} |`
    }),
  ]
}
