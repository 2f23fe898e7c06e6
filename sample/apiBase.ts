/**
 * Where the sample backend is. H5 is served by the backend itself, so it is the page's own origin;
 * the mini program builds point at the local backend (WeChat DevTools: tick "不校验合法域名").
 */
export function apiBase(): string {
  // #ifdef H5
  return window.location.origin
  // #endif
  // #ifndef H5
  return import.meta.env.VITE_API_BASE || 'http://127.0.0.1:8787'
  // #endif
}
