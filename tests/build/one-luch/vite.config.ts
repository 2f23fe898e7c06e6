import { mergeConfig } from 'vite'
import base from '../../../vite.config'

// The README's alias: the package's own luch-request import takes uview-plus's copy.
export default mergeConfig(base, {
  resolve: { alias: [{ find: /^luch-request$/, replacement: 'uview-plus/libs/luch-request/index.js' }] },
})
