// Wire format: UTF-8 (no BOM) JSON text holding one object whose values are all strings, e.g.
// `{"version":"2020_10_22","host":"b-1.example"}`. Any JSON whitespace is allowed; nothing else is.

const STRING_TOKEN = /"(?:[^"\\]|\\.)*"/g
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Parses `bytes` strictly into a key → value map, or returns a description of the first problem.
 * Refused beyond what JSON.parse refuses: invalid UTF-8, a byte order mark, non-string values, repeated
 * keys (JSON.parse keeps the last one silently, so two readers could see different payloads) and
 * `\uD800`-style escapes that decode to unpaired surrogates (not text; UTF-8 encoding would alter them).
 */
export function parseJsonStringObject(bytes: Uint8Array): Map<string, string> | string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return 'payload is not valid UTF-8'
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return 'payload is not valid JSON'
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'payload is not a JSON object'

  const map = new Map<string, string>()
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') return `value of key ${JSON.stringify(key.slice(0, 40))} is not a string`
    if (UNPAIRED_SURROGATE.test(key) || UNPAIRED_SURROGATE.test(value))
      return 'payload holds an unpaired surrogate escape'
    map.set(key, value)
  }
  // The text is now known to be one flat object of strings, so every string token is a key or a value.
  const tokens = text.match(STRING_TOKEN)?.length ?? 0
  if (tokens !== 2 * map.size) return 'payload repeats a key'
  return map
}
