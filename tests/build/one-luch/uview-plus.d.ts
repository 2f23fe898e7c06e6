// uview-plus 3.8.112 ships types for its entry (`uview-plus/types`, which also types `uni.$u.http`),
// but none for this deep import: the instance of its own luch-request 3.0.7 copy, typed as
// uview-plus's own declaration types it, so that adoptInstance() is checked against the real one.
declare module 'uview-plus/libs/function/http.js' {
  import type HttpRequest from 'uview-plus/libs/luch-request'
  const http: HttpRequest
  export default http
}
