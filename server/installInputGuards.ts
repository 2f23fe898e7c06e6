import type { FastifyInstance } from 'fastify'
import { Code, fail } from './result.js'

/** Deeper than any body this API takes; the cap keeps recursive code (the fingerprint) off a huge stack. */
const MAX_DEPTH = 32
/**
 * Control and format characters (NUL, which PostgreSQL refuses in text; bidi overrides and isolates;
 * zero-width spaces), except the zero-width joiner that joins emoji such as 👩‍💻, and unpaired
 * surrogates (no character at all: UTF-8 cannot store one).
 */
const BAD_TEXT = /(?!\u200D)[\p{Cc}\p{Cf}\p{Cs}]/u

type Problem = { tooDeep: true } | { tooDeep: false; field: string | undefined }

/**
 * Refuses, with HTTP 400 and before any route, auth or idempotency hook sees it, a JSON body
 * nested deeper than {@link MAX_DEPTH} or holding a string (or key) with a control or format
 * character: no such text belongs in a code, a token or a nickname, and none reaches a store.
 */
export function installInputGuards(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    const problem = inspect(request.body)
    if (!problem) return
    if (problem.tooDeep) return reply.code(400).send(fail(Code.invalidInput, `JSON may be nested at most ${MAX_DEPTH} levels deep`))
    const fields = problem.field === undefined ? undefined : { [problem.field]: 'must not contain control or format characters' }
    return reply.code(400).send(fail(Code.invalidInput, 'text must not contain control or format characters', fields && { fields }))
  })
}

/** Walks the body without recursion (its depth is what is being checked); `field` is the top-level key. */
function inspect(body: unknown): Problem | undefined {
  const stack: Array<[value: unknown, depth: number, field: string | undefined]> = [[body, 0, undefined]]
  while (stack.length > 0) {
    const [value, depth, field] = stack.pop()!
    if (typeof value === 'string') {
      if (BAD_TEXT.test(value)) return { tooDeep: false, field }
      continue
    }
    if (typeof value !== 'object' || value === null) continue
    if (depth >= MAX_DEPTH) return { tooDeep: true }
    for (const [key, child] of Object.entries(value)) {
      const childField = field ?? (Array.isArray(value) ? undefined : key)
      if (BAD_TEXT.test(key)) return { tooDeep: false, field: childField }
      stack.push([child, depth + 1, childField])
    }
  }
  return undefined
}
