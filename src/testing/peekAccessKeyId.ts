import { MECHANISM } from './constants.js'

// Access key ids are uppercase letters and digits (AKIA…/ASIA…); anything else is not echoed into logs.
const ACCESS_KEY_ID = /^[A-Za-z0-9]{1,128}$/
const BEARER = /auth=Bearer ([A-Za-z0-9_-]+)/

/**
 * The access key id a client claims, for the decision log of a denied attempt (the verifier's verdict
 * names only the accepted identity). Best effort, never throws; an access key id is not a secret.
 */
export function peekAccessKeyId(mechanism: string, authBytes: Uint8Array): string | undefined {
  try {
    const text = Buffer.from(authBytes).toString('utf8')
    let credential: unknown
    if (mechanism === MECHANISM.AWS_MSK_IAM) {
      credential = (JSON.parse(text) as Record<string, unknown>)['x-amz-credential']
    } else if (mechanism === MECHANISM.OAUTHBEARER) {
      const token = BEARER.exec(text)?.[1]
      if (token === undefined) return undefined
      credential = new URL(Buffer.from(token, 'base64url').toString('utf8')).searchParams.get('X-Amz-Credential')
    }
    if (typeof credential !== 'string') return undefined
    const id = credential.split('/')[0]
    return id !== undefined && ACCESS_KEY_ID.test(id) ? id : undefined
  } catch {
    return undefined
  }
}
