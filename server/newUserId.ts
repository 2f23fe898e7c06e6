import { randomBytes } from 'node:crypto'

/** A user's public id: 96 random bits, so ids neither count the users nor can be guessed. */
export const newUserId = (): string => randomBytes(12).toString('base64url')
