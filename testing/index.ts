/*
 * `uni-relogin/testing`: a Node `uni` for an app's own tests. A separate entry that the package's
 * main entry never imports, so it adds nothing to an app's bundle.
 */
export { createTestUni } from './createTestUni'
export type { TestUni, TestUniOptions } from './createTestUni'
export type * from './types'
