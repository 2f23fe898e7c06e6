import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import Fastify from 'fastify'

/**
 * The built site on 127.0.0.1, as GitHub Pages serves it: `/guide/why` is `guide/why.html`
 * (VitePress's `cleanUrls`), and anything else is the site's own 404 page.
 */
export async function serveSite(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify()
  await app.register(fastifyStatic, { root })
  app.setNotFoundHandler((request, reply) => {
    const page = `${decodeURIComponent(request.url.split(/[?#]/)[0]!).slice(1)}.html`
    return existsSync(join(root, page)) ? reply.sendFile(page) : reply.code(404).sendFile('404.html')
  })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return { url, close: () => app.close() }
}
