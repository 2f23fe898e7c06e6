const ABSOLUTE = /^([a-z][a-z\d+.-]*:)?\/\/([^/?#]*)/i
const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' }

/**
 * `scheme://host[:port]` of an absolute URL, lower-cased and without a default port, or null for a
 * relative one. A regex, because phones have no `URL` (docs/design.md). Userinfo is dropped, so
 * `https://api.example.com@evil.example` is evil's origin, as a browser would read it.
 */
export function originOf(url: string, defaultScheme = 'https:'): string | null {
  const match = ABSOLUTE.exec(url)
  if (!match) return null
  const scheme = (match[1] ?? defaultScheme).toLowerCase()
  const authority = match[2]!.slice(match[2]!.lastIndexOf('@') + 1).toLowerCase()
  const [, host = authority, port] = /^(.*?)(?::(\d*))?$/.exec(authority) ?? []
  return port && port !== DEFAULT_PORT[scheme] ? `${scheme}//${host}:${port}` : `${scheme}//${host}`
}

/** @internal Builds the test "does this URL belong to the API?" once, for the hot path. */
export function createOriginCheck(baseURL: string): (baseURL: string | undefined, url: string) => boolean {
  const api = originOf(baseURL)
  const scheme = api?.slice(0, api.indexOf('//')) ?? 'https:'
  return (requestBase, url) => {
    const target = originOf(url, scheme)
    if (target !== null) return target === api
    // A relative URL goes to the request's base; a per-call base elsewhere is not the API.
    if (requestBase === baseURL) return true
    if (!requestBase) return api === null
    return originOf(requestBase, scheme) === api
  }
}
