import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { compileFunction } from 'node:vm'

type Exports = Record<string, unknown>

/**
 * A CommonJS loader for the compiled mini program, shaped like WeChat's module wrapper
 * `define(path, function (require, module, exports, window, document, …) {…})`: every `hidden` name is
 * a parameter left undefined, and `globalThis`/`global` are the real global object minus those names.
 * So the compiled code sees none of the DOM the simulator needs. Only the build's own relative files
 * can be required, as on a phone.
 */
export function createCompiledLoader(hidden: readonly string[]) {
  const hiddenNames = new Set<PropertyKey>(hidden)
  const phoneGlobal = new Proxy(globalThis, {
    get: (target, name) => (hiddenNames.has(name) ? undefined : Reflect.get(target, name)),
    has: (target, name) => !hiddenNames.has(name) && Reflect.has(target, name),
    getOwnPropertyDescriptor: (target, name) => (hiddenNames.has(name) ? undefined : Reflect.getOwnPropertyDescriptor(target, name)),
  })
  const parameters = ['require', 'module', 'exports', 'globalThis', 'global', ...hidden]
  const modules = new Map<string, { exports: Exports }>()

  function execute(filename: string, module: { exports: Exports }, source = readFileSync(filename, 'utf8')): unknown {
    const body = compileFunction(source, parameters, { filename })
    const requireRelative = (specifier: string) => {
      if (!specifier.startsWith('.')) throw new Error(`${filename} requires "${specifier}": a mini program can require only its own files`)
      return requireFile(resolve(dirname(filename), specifier))
    }
    return body.call(module.exports, requireRelative, module, module.exports, phoneGlobal, phoneGlobal)
  }

  /** Loads a file once, as `require` does; later calls return its exports. */
  function requireFile(file: string): Exports {
    const filename = file.endsWith('.js') ? file : `${file}.js`
    const cached = modules.get(filename)
    if (cached) return cached.exports
    const module = { exports: {} }
    modules.set(filename, module)
    execute(filename, module)
    return module.exports
  }

  /** Runs a file again even if it ran before: a page's file registers its component each time. */
  function runFile(file: string): void {
    execute(file.endsWith('.js') ? file : `${file}.js`, { exports: {} })
  }

  /** Runs a snippet exactly as a compiled file would run, and returns what it returns. */
  function evaluate(source: string): unknown {
    return execute('probe.js', { exports: {} }, source)
  }

  return { requireFile, runFile, evaluate }
}
