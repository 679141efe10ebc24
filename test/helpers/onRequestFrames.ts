// The read loop of every fake broker in the tests: whole request frames off a socket, however the bytes
// arrive.
import type { Socket } from 'node:net'
import { FrameReader } from '../../src/protocol/FrameReader.js'

/** Request header up to the correlation id; a fake broker takes frames up to 1 MiB. */
const LIMITS = { min: 8, max: 1 << 20 }

/** Calls `onFrame` with the payload (size prefix removed) of each request frame that arrives on `socket`. */
export function onRequestFrames(socket: Socket, onFrame: (payload: Buffer) => void): void {
  const frames = new FrameReader()
  socket.on('data', (chunk: Buffer) => {
    frames.push(chunk)
    for (let next = frames.next(LIMITS); next.kind === 'frame'; next = frames.next(LIMITS)) onFrame(next.payload)
  })
}
