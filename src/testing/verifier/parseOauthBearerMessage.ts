// Wire format (RFC 7628 client initial response, SaslAuthenticate auth_bytes for OAUTHBEARER):
//   gs2-header  = "n," [ "a=" saslname ] ","        saslname escapes ',' and '=' as =2C and =3D
//   message     = gs2-header %x01 1*( key "=" value %x01 ) %x01
//   key = 1*ALPHA, value = *( VCHAR / SP / HTAB / CR / LF ); one pair is "auth=Bearer <token>".
// e.g. "n,,\x01auth=Bearer <token>\x01\x01". Other pairs are SASL extensions: allowed, ignored.

const GS2_HEADER = /^n,(?:a=(?:[^,=\x00\x01]|=2C|=3D)+)?,$/
const KV_PAIR = /^([A-Za-z]+)=([\x21-\x7E \t\r\n]*)$/
// RFC 6750: the scheme is case-insensitive (Kafka compares it that way too), then one or more spaces.
const AUTH_VALUE = /^bearer +([^ ]+)$/i

/** Extracts the bearer token from an OAUTHBEARER client message, or describes what is malformed. */
export function parseOauthBearerMessage(bytes: Uint8Array): { token: string } | string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return 'OAUTHBEARER message is not valid UTF-8'
  }
  const headerEnd = text.indexOf('\x01')
  if (headerEnd < 0) return 'OAUTHBEARER message has no \\x01 separator'
  // Only "n" is acceptable: MSK offers no channel binding, and "y"/"p=" would claim otherwise.
  if (!GS2_HEADER.test(text.slice(0, headerEnd))) return 'OAUTHBEARER GS2 header is not "n,," or "n,a=<authzid>,"'
  const body = text.slice(headerEnd + 1)
  if (body === '\x01') return 'OAUTHBEARER message has no auth pair'
  if (!body.endsWith('\x01\x01')) return 'OAUTHBEARER message does not end with \\x01\\x01'

  const pairs = new Map<string, string>()
  for (const pair of body.slice(0, -2).split('\x01')) {
    const m = KV_PAIR.exec(pair)
    if (!m) return 'OAUTHBEARER message has a malformed key=value pair'
    const [, key = '', value = ''] = m
    if (pairs.has(key)) return `OAUTHBEARER message repeats key ${JSON.stringify(key.slice(0, 40))}`
    pairs.set(key, value)
  }
  const auth = pairs.get('auth')
  if (auth === undefined) return 'OAUTHBEARER message has no auth pair'
  const token = AUTH_VALUE.exec(auth)?.[1]
  if (token === undefined) return 'OAUTHBEARER auth value is not "Bearer <token>"'
  return { token }
}
