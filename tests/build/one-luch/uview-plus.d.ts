// uview-plus 3.8.112 ships types for its entry (`uview-plus/types`, which also types `uni.$u.http`),
// but none for this deep import: a luch-request instance of its own 3.0.7 copy, typed here as ours.
// Under uview-plus's own types it is not yet accepted as `instance` (the README marks that snippet).
declare module 'uview-plus/libs/function/http.js' {
  import type Request from 'luch-request'
  const http: Request
  export default http
}
