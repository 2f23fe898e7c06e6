import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../context.js'
import { perMinute } from '../rateLimits.js'
import { Code, fail, ok } from '../result.js'
import { validateRegistration } from '../validateRegistration.js'

/** `POST /register` and `GET /profile`: one registration per openid. */
export function registerRoutes(app: FastifyInstance, { store, options }: AppContext): void {
  app.post('/register', { config: { auth: 'body', ...perMinute('register', options.registersPerUserPerMinute, 'user', 'registrations') } }, async (request) => {
    const { openid, userId } = request.identity!
    const result = await validateRegistration(request.body, (name) => store.hasUploaded(openid, name), options.uploadPath)
    if (!result.ok) return fail(Code.invalidInput, 'invalid input', { fields: result.fields })
    // A second registration (a replay whose first response was lost, a double tap) returns the first one unchanged.
    return ok(await store.registerOnce(openid, { userId, ...result.value, registeredAt: new Date().toISOString() }))
  })

  app.get('/profile', { config: { auth: 'body' } }, async (request) => {
    const { openid, userId } = request.identity!
    return ok({ userId, registration: (await store.getRegistration(openid)) ?? null })
  })
}
