import type { Bindings } from './bindings.js'
import type { Code2SessionResult } from './code2session.js'
import type { Faults } from './faults.js'
import type { FakeWechat } from './fakeWechat.js'
import type { PhoneNumberResult } from './phoneNumber.js'
import type { ResolvedOptions } from './options.js'
import type { Stats } from './stats.js'
import type { Store } from './store.js'

/** What the route modules share; built once by createServer. */
export interface AppContext {
  options: ResolvedOptions
  store: Store
  stats: Stats
  faults: Faults
  bindings: Bindings
  /** Only in dev mode. */
  fakeWechat: FakeWechat | undefined
  /** code2session against the configured WeChat API base. */
  exchange(code: string): Promise<Code2SessionResult>
  /** The phone number behind a getPhoneNumber code, from the configured WeChat API base. */
  phoneNumber(code: string): Promise<PhoneNumberResult>
}
