/*
 * `uni-relogin/devtools`: the Vue DevTools plugin, for development builds (README, "Vue DevTools").
 */
export { reloginDevtools } from './reloginDevtools'
export { fingerprint } from './fingerprint'
