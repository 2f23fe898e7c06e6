import { mergeConfig } from 'vite'
import base from '../../../vite.config'

// The alias of docs/recipes/uview-plus.md: the package's own luch-request import takes uview-plus's copy.
export default mergeConfig(base, {
  resolve: { alias: [{ find: /^luch-request$/, replacement: 'uview-plus/libs/luch-request/index.js' }] },
})
