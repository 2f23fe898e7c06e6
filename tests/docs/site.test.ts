import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../e2e/h5/launchChromium'
import { openContext } from '../e2e/h5/openContext'
import { repoRoot } from '../packaging/consumerProject'
import { serveSite } from './serveSite'

/*
 * The docs site as `npm run docs:build` makes it (the API reference generated, dead links failing
 * the build), served as GitHub Pages serves it, in the H5 tests' Chromium.
 */
let site: Awaited<ReturnType<typeof serveSite>>
let browser: Browser
let context: BrowserContext
let elsewhere: string[]
/** Every answer of the site that was not a success: a missing asset or page. */
const failed: string[] = []

beforeAll(async () => {
  await promisify(execFile)('npm', ['run', 'docs:build'], { cwd: repoRoot })
  site = await serveSite(join(repoRoot, 'dist/site'))
  browser = await launchChromium()
  ;({ context, elsewhere } = await openContext(browser, site.url))
  context.on('response', (response) => void (response.status() >= 400 && failed.push(`${response.status()} ${response.url()}`)))
}, 240_000)
afterAll(async () => {
  await browser?.close()
  await site?.close()
  expect(elsewhere).toEqual([])
  expect(failed).toEqual([])
})

async function open(path: string): Promise<Page> {
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  await page.goto(`${site.url}${path}`)
  return page
}

describe('the built site in Chromium', () => {
  it.each([
    ['/', 'Silent, single-flight re-login for uni-app'],
    ['/zh/', '为 uni-app 提供静默、只登录一次的重新登录'],
  ])('renders the home page %s', async (path, text) => {
    const page = await open(path)
    await expect(page.locator('.VPHero .name').textContent()).resolves.toContain('uni-relogin')
    await page.locator('.VPHero .text', { hasText: text }).waitFor()
  })

  it('renders a feature page: its title, its import and its bytes', async () => {
    const page = await open('/features/retry')
    await expect(page.locator('h1').textContent()).resolves.toContain('retry()')
    await page.locator('.language-ts', { hasText: "import { createRelogin, retry } from 'uni-relogin'" }).waitFor()
    await page.locator('h2', { hasText: 'What it adds' }).waitFor()
  })

  it.each(['/troubleshooting', '/zh/troubleshooting'])('renders the error codes at %s, each with its own anchor', async (path) => {
    const page = await open(path)
    await page.locator('h3#err-login-limit').waitFor()
    await page.locator('h3#err-invalid-request').waitFor()
  })

  it('switches language to the same page in the other language, and back', async () => {
    const page = await open('/features/retry')
    const switchTo = async (language: string) => {
      await page.locator('.VPNavBarHamburger').click()
      await page.locator('.VPNavScreenTranslations button').click()
      await page.locator('.VPNavScreenTranslations a', { hasText: language }).click()
    }
    await switchTo('简体中文')
    await page.waitForURL(`${site.url}/zh/features/retry`)
    await page.locator('h2', { hasText: '它增加多少' }).waitFor()
    await switchTo('English')
    await page.waitForURL(`${site.url}/features/retry`)
  })

  it.each([
    ['/', '/troubleshooting'],
    ['/zh/', '/zh/troubleshooting'],
  ])('finds ERR_LOGIN_LIMIT with the local search from %s', async (path, target) => {
    const page = await open(path)
    await page.locator('#local-search button').click()
    await page.locator('.VPLocalSearchBox input').fill('ERR_LOGIN_LIMIT')
    await page.locator(`.VPLocalSearchBox a.result[href^="${target}#err-login-limit"]`).first().waitFor()
  })
})

/** Each entry point of package.json's `exports`, and its page in the generated reference. */
const entryPoints = { 'src/index.ts': 'src', 'testing/index.ts': 'testing', 'unicloud/index.ts': 'unicloud', 'devtools/index.ts': 'devtools' }

it('keeps package.json’s exports and the reference’s entry points the same', () => {
  const { exports } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }
  const { entryPoints: documented } = JSON.parse(readFileSync(join(repoRoot, 'typedoc.json'), 'utf8')) as { entryPoints: string[] }
  expect(documented).toEqual(Object.keys(entryPoints))
  expect(Object.keys(exports)).toHaveLength(documented.length)
})

it.each(Object.entries(entryPoints))('documents every export of %s in the generated reference', (entry, module) => {
  const program = ts.createProgram([join(repoRoot, entry)], { strict: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true })
  const checker = program.getTypeChecker()
  const exported = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(join(repoRoot, entry))!)!).map((symbol) => symbol.name)
  expect(exported.length).toBeGreaterThan(0)
  const index = join(repoRoot, 'docs/api', module, 'index.md')
  expect(existsSync(index), `${index}: run npm run docs:api`).toBe(true)
  const listed = [...readFileSync(index, 'utf8').matchAll(/^- \[(\w+)\]\(/gm)].map(([, name]) => name)
  expect(listed.sort()).toEqual(exported.sort())
})
