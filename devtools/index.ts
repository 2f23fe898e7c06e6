/*
 * `uni-relogin/devtools`: the Vue DevTools plugin, for development builds (docs/guide/devtools.md).
 */
export { reloginDevtools } from './reloginDevtools'
export { fingerprint } from './fingerprint'
