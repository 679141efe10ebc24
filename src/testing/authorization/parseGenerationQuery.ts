import type { Parsed } from './parseAuthorizeRequest.js'

// GET /generation?authorizer=<id>&after=<generation>&waitMs=<ms>
//   authorizer: the instance id (1–200 characters); after: the generation the authorizer knows, -1 for
//   none yet; waitMs: how long to hold the poll if nothing changes (optional, capped).

export interface GenerationQuery {
  authorizer: string
  after: number
  waitMs: number
}

const INTEGER = /^-?\d{1,15}$/

export function parseGenerationQuery(
  params: URLSearchParams,
  limits: { defaultWaitMs: number; maxWaitMs: number },
): Parsed<GenerationQuery> {
  for (const key of params.keys()) {
    if (key !== 'authorizer' && key !== 'after' && key !== 'waitMs')
      return { ok: false, error: `${key} is not expected` }
  }
  const authorizer = params.get('authorizer')
  if (!authorizer || authorizer.length > 200) return { ok: false, error: 'authorizer must be 1–200 characters' }
  const after = params.get('after')
  if (after === null || !INTEGER.test(after) || Number(after) < -1) {
    return { ok: false, error: 'after must be an integer ≥ -1' }
  }
  const wait = params.get('waitMs')
  if (wait !== null && (!INTEGER.test(wait) || Number(wait) < 0)) {
    return { ok: false, error: 'waitMs must be a non-negative integer' }
  }
  const waitMs = wait === null ? limits.defaultWaitMs : Math.min(Number(wait), limits.maxWaitMs)
  return { ok: true, value: { authorizer, after: Number(after), waitMs } }
}
