import type { IncomingMessage, ServerResponse } from 'node:http'

/** Why a request body could not be read. */
export type BodyFailure = 'too-large' | 'aborted'

/** Reads the whole body up to `maxBytes`; beyond it, says so and discards the rest as it arrives. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | BodyFailure> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (result: Buffer | BodyFailure): void => {
      if (done) return
      done = true
      resolve(result)
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (done) return
      if (size > maxBytes) {
        // Keep reading (and dropping) so the sender can finish and read the 413.
        chunks.length = 0
        finish('too-large')
      } else chunks.push(chunk)
    })
    req.on('end', () => finish(Buffer.concat(chunks, size)))
    req.on('close', () => {
      if (!req.complete) finish('aborted')
    })
    req.on('error', () => finish('aborted'))
  })
}

/** Sends a JSON answer; a response that can no longer be written (peer gone) is dropped silently. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** A 4xx/5xx with a one-line reason the authorizer puts in its broker-log warning. */
export function sendError(res: ServerResponse, status: number, error: string): void {
  sendJson(res, status, { error })
}
