import { makePng } from '../../tests/support/png'

export interface BenchUser {
  token: string
  /** A valid `/register` body for this user (its avatar is uploaded), the same on every send. */
  body: string
}

/** Logs `count` users in through `url` and uploads an avatar for each. */
export async function prepareUsers(url: string, count: number): Promise<BenchUser[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const { code } = (await (await fetch(`${url}/dev/code?openid=bench-${i}`)).json()) as { code: string }
      const login = await fetch(`${url}/v1/cif/loginByCode.do`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      })
      const { token } = ((await login.json()) as { data: { token: string } }).data
      const form = new FormData()
      form.append('file', new Blob([makePng([i & 0xff, 0, 0], 4)], { type: 'image/png' }), 'avatar.png')
      const uploaded = await fetch(`${url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
      const avatarUrl = ((await uploaded.json()) as { data: { url: string } }).data.url
      return { token, body: JSON.stringify({ nickname: `bench ${i}`, phone: '13800000000', avatarUrl, agree: true }) }
    }),
  )
}
