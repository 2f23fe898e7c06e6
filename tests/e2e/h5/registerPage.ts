import type { Page } from 'playwright-core'

export interface AvatarFile {
  name: string
  bytes: Buffer
}

/** The sample's register page as a user sees it; selectors match uni-app's H5 rendering. */
export function registerPage(page: Page) {
  // <uni-input class="nickname"><div><input class="uni-input-input">
  const input = (name: string) => page.locator(`uni-input.${name} input.uni-input-input`)
  const text = async (selector: string) => {
    const node = page.locator(selector)
    return (await node.count()) ? (await node.innerText()).trim() : null
  }

  return {
    async open(url: string) {
      await page.goto(`${url}/`)
      await page.locator('uni-button.submit').waitFor()
    },
    async fill(nickname: string, phone: string) {
      await input('nickname').fill(nickname)
      await input('phone').fill(phone)
    },
    agree: () => page.locator('uni-switch.agree').tap(),
    /** Taps "Choose"; uni.chooseImage opens a file chooser on H5, which gets `file`. */
    async chooseAvatar(file: AvatarFile) {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('uni-button.choose-avatar').tap()])
      await chooser.setFiles({ name: file.name, mimeType: 'image/png', buffer: file.bytes })
    },
    avatarDone: () => page.locator('.avatar-done').waitFor(),
    submit: () => page.locator('uni-button.submit').tap(),
    /** Waits for the submit to settle either way, and reports both outcomes so a failure shows the message. */
    async outcome() {
      await page.locator('.success-name, .message').first().waitFor()
      return { success: await text('.success-name'), message: await text('.message') }
    },
    messageGone: () => page.locator('.message').waitFor({ state: 'detached' }),
    /** Waits until no upload or submit is running (both buttons render `disabled="true"` meanwhile). */
    async idle() {
      await page.locator('uni-button.choose-avatar:not([disabled])').waitFor()
      await page.locator('uni-button.submit:not([disabled])').waitFor()
    },
    async values() {
      return {
        nickname: await input('nickname').inputValue(),
        phone: await input('phone').inputValue(),
        agreed: await page.locator('uni-switch.agree .uni-switch-input-checked').count() === 1,
      }
    },
    log: () => page.locator('.log-item').allInnerTexts(),
    /** Taps "Trace" under the events, and reads the redacted trace the page shows, as text. */
    async trace() {
      await page.locator('uni-button.show-trace').tap()
      return (await page.locator('.trace').innerText()).trim()
    },
    /** The session the page saved (its token included), as the package stores it. */
    saved: () => page.evaluate(() => localStorage.getItem('uni-relogin:session') ?? ''),
    /** The auth store's status, from the app's own pinia (`app.use(pinia)` exposes it as `$pinia`). */
    status: () => authStore(page),
    /** Logs out through the auth store, as a page's "log out" button would; resolves the status after. */
    logout: () => authStore(page, 'logout'),
    /**
     * Other calls the app makes at the same time, through its own client: `app.use(relogin)` exposes
     * it as `$api`, and Vue marks the mounted root element with its app.
     */
    async appGets(paths: string[]) {
      return page.evaluate(async (paths) => {
        type Root = { __vue_app__: { config: { globalProperties: { $api: { get(path: string): Promise<unknown> } } } } }
        const { $api } = (document.querySelector('#app') as unknown as Root).__vue_app__.config.globalProperties
        return Promise.all(paths.map((path) => $api.get(path)))
      }, paths)
    },
  }
}

function authStore(page: Page, action?: 'logout'): Promise<string> {
  return page.evaluate((action) => {
    type Store = { status: string; logout(): void }
    type Root = { __vue_app__: { config: { globalProperties: { $pinia: { _s: Map<string, Store> } } } } }
    const store = (document.querySelector('#app') as unknown as Root).__vue_app__.config.globalProperties.$pinia._s.get('uni-relogin:auth')!
    if (action === 'logout') store.logout()
    return store.status
  }, action)
}
