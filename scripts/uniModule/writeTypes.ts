/**
 * The uni_module's `.d.ts`: without them, a TypeScript app that imports `@/uni_modules/<id>` gets
 * TS7016 (a module with no declarations). Generated from the source by tsc, as for the npm package,
 * with luch-request's own declarations copied in, since luch-request travels bundled inside
 * `index.js` and the app has no `node_modules/luch-request` to resolve.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

/**
 * Writes `<out>/types/` and, for each entry (`index` → `src/index.ts`), `<out>/<name>.d.ts`, which
 * sits next to `<name>.js` so that TypeScript finds it wherever the bundler finds the code.
 */
export function writeTypes(root: string, out: string, entries: Record<string, string>): void {
  const types = join(out, 'types')
  // Inside the repo: tsc finds `types` (@dcloudio/types, node) from the config's own folder.
  mkdirSync(join(root, 'dist'), { recursive: true })
  const scratch = mkdtempSync(join(root, 'dist/.uni-module-types-'))
  try {
    const config = {
      extends: join(root, 'tsconfig.build.json'),
      compilerOptions: { outDir: types, rootDir: root },
      files: Object.values(entries).map((entry) => join(root, entry)),
      include: [],
    }
    writeFileSync(join(scratch, 'tsconfig.json'), JSON.stringify(config))
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(scratch, 'tsconfig.json')], { stdio: 'inherit' })
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }

  const luch = join(types, 'luch-request.d.ts')
  const license = readFileSync(join(root, 'node_modules/luch-request/LICENSE.txt'), 'utf8')
  const declarations = readFileSync(join(root, 'node_modules/luch-request/src/lib/luch-request.d.ts'), 'utf8')
  writeFileSync(luch, `/*! luch-request 3.1.1 declarations, bundled as its code is.\n${license.trim()}\n*/\n${declarations}`)
  for (const file of readdirSync(types, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.d.ts'))) {
    const path = join(types, file)
    const near = relative(dirname(path), luch).replace(/\.d\.ts$/, '')
    const specifier = near.startsWith('.') ? near : `./${near}`
    writeFileSync(path, readFileSync(path, 'utf8').split("'luch-request'").join(`'${specifier}'`))
  }

  for (const [name, entry] of Object.entries(entries)) {
    writeFileSync(join(out, `${name}.d.ts`), `export * from './types/${entry.replace(/\.ts$/, '')}'\n`)
  }
}
