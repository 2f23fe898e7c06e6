/**
 * True in a development build. uni-app's vite build replaces `process.env.NODE_ENV` in dependencies
 * too, so in production every `DEV ? explanation : …` keeps the short form and the explanations are
 * dropped from the bundle, as Vue's and pinia's warnings are.
 */
// eslint-disable-next-line no-restricted-globals -- replaced at build time, as in pinia, our peer.
export const DEV = process.env.NODE_ENV !== 'production'

/** A configuration mistake: what is wrong, explained in development builds; named in production ones. */
export function misuse(name: string, explanation: string | false): TypeError {
  return new TypeError(`[uni-relogin] ${name}${explanation ? ` ${explanation}` : ' is invalid'}`)
}
