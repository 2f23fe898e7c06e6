/*
 * `uni-relogin/unicloud`: uniCloud cloud objects and cloud functions with uni-id, held and replayed
 * through the session's login like HTTP requests (docs/recipes/unicloud.md).
 */
export { installUniCloud } from './installUniCloud'
export type { UniCloudLike, UniCloudOptions, CallFunctionOptions, InstalledUniCloud } from './installUniCloud'
export type { CloudObjectOptions } from './wrapCloudObject'
export type { CloudResult } from './runCloudCall'
