// uview-plus ships no types for its `uni.$u.http` module; it is a luch-request instance (3.0 line).
declare module 'uview-plus/libs/function/http.js' {
  import type Request from 'luch-request'
  const http: Request
  export default http
}
