import { API_KEY, FIRST_FLEXIBLE_VERSION } from '../constants.js'

/**
 * Whether `apiVersion` of `apiKey` is a flexible version (compact encodings and tagged fields, request
 * header v2, response header v1). `undefined` for APIs whose bodies are never parsed: the emulator
 * forwards those without looking past the fixed part of the header.
 */
export function isFlexibleVersion(apiKey: number, apiVersion: number): boolean | undefined {
  const first = FIRST_FLEXIBLE_VERSION.get(apiKey)
  return first === undefined ? undefined : apiVersion >= first
}

/**
 * Response header version: 1 (correlation id + tagged fields) for flexible versions, else 0. ApiVersions
 * is the exception, always 0, so that a client can read the answer whatever version it asked for.
 */
export function responseHeaderVersion(apiKey: number, apiVersion: number): 0 | 1 | undefined {
  if (apiKey === API_KEY.API_VERSIONS) return 0
  const flexible = isFlexibleVersion(apiKey, apiVersion)
  return flexible === undefined ? undefined : flexible ? 1 : 0
}
