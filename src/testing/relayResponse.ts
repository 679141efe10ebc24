import type { Slot } from './ResponseQueue.js'
import { frameOf } from './wire/responseFrame.js'
import { rewriteResponse } from './wire/rewriteResponse.js'
import type { EndpointFor } from './wire/spliceEndpoint.js'

/** A request relayed to Kafka whose answer is still due, oldest first. */
export interface InFlight {
  correlationId: number
  apiKey: number
  apiVersion: number
  slot: Slot
}

/**
 * Turns Kafka's next response frame into the bytes the client gets: it must answer the oldest relayed
 * request (Kafka answers in order on one connection, so anything else means the streams are out of step)
 * and broker addresses are rewritten for the client. Pure; never throws.
 */
export function relayResponse(
  request: InFlight | undefined,
  frame: Buffer,
  payload: Buffer,
  endpointFor: EndpointFor,
): { ok: true; bytes: Buffer } | { ok: false; detail: string } {
  const correlationId = payload.readInt32BE(0)
  if (request === undefined || request.correlationId !== correlationId) {
    return { ok: false, detail: `response ${correlationId} does not match request ${request?.correlationId ?? 'none'}` }
  }
  try {
    const rewritten = rewriteResponse(request.apiKey, request.apiVersion, payload, endpointFor)
    return { ok: true, bytes: rewritten === payload ? frame : frameOf(rewritten) }
  } catch (err) {
    return {
      ok: false,
      detail: `api key ${request.apiKey} v${request.apiVersion} response: ${err instanceof Error ? err.message : String(err)}`,
    }
  }
}
