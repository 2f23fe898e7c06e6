import { UPLOAD_NAME_PATTERN } from './imageType.js'

export interface RegistrationInput {
  nickname: string
  phone: string
  /** Normalized to the path this server serves it at, `<uploadPath><name>` */
  avatarUrl: string
}

export type Validation =
  | { ok: true; value: RegistrationInput }
  | { ok: false; fields: Record<string, string> }

// The client may send the path it got from /upload, or that path made absolute for display.
const AVATAR_URL = new RegExp(`^(?:https?://[^/]+)?/(?:uploads|files)/(${UPLOAD_NAME_PATTERN})$`)

/**
 * Checks a `/register` body and reports every bad field at once, so a form can
 * mark them all. `ownsUpload` tells whether this user uploaded the named file.
 */
export async function validateRegistration(
  body: unknown,
  ownsUpload: (name: string) => Promise<boolean>,
  uploadPath: string,
): Promise<Validation> {
  const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
  const fields: Record<string, string> = {}

  // NFC, so that one name typed two ways (é as one code point or as e + ◌́) is stored one way.
  const nickname = typeof input.nickname === 'string' ? input.nickname.normalize('NFC').trim() : ''
  // Count code points, not UTF-16 units: a Chinese or emoji nickname must get its full 20.
  const nicknameLength = [...nickname].length
  if (nicknameLength < 1 || nicknameLength > 20) fields.nickname = 'must be 1-20 characters'

  const phone = typeof input.phone === 'string' ? input.phone : ''
  if (!/^1\d{10}$/.test(phone)) fields.phone = 'must be 11 digits starting with 1'

  const avatarName = typeof input.avatarUrl === 'string' ? AVATAR_URL.exec(input.avatarUrl)?.[1] : undefined
  if (avatarName === undefined || !(await ownsUpload(avatarName))) fields.avatarUrl = 'must be an image you uploaded'

  if (input.agree !== true) fields.agree = 'must be true'

  return Object.keys(fields).length > 0
    ? { ok: false, fields }
    : { ok: true, value: { nickname, phone, avatarUrl: `${uploadPath}${avatarName}` } }
}
