/** The path of a request URL without its query string, which may carry codes or secrets. */
export const pathOf = (url: string): string => url.split('?', 1)[0]!
