// What the re-authentication scheduler reads of the request frames kafkajs writes: the client id, and whether
// the broker answers (Produce with acks = 0 gets no answer). Frames are hand-built (test/helpers/emulatorBytes).
import { encodeRequestFrame, expectsResponse, peekRequest, readClientId } from '../../../src/protocol/requestFrame.js'
import { cat, cstr, frame, i16, i32, request, str, tags0, tagsOne } from '../../helpers/emulatorBytes.js'

const PRODUCE = 0
const rest = cat(i32(30_000), i32(0)) // timeout_ms, an empty topic list: never read

/** A Produce request frame of `version` with `acks`, flexible (header v2, compact strings) from v9. */
function produce(version: number, acks: number, transactionalId: string | null = null): Buffer {
  const body =
    version >= 9
      ? cat(cstr(transactionalId), i16(acks), rest)
      : version >= 3
        ? cat(str(transactionalId), i16(acks), rest)
        : cat(i16(acks), rest)
  return frame(request(PRODUCE, version, 7, body, version >= 9, 'kafkajs'))
}

describe('requestFrame', () => {
  it('encodeRequestFrame: size prefix, header v1 (v2 with empty tagged fields when flexible), body', () => {
    const body = Buffer.from([1, 2, 3])
    expect(encodeRequestFrame(17, 1, 5, 'doctor', body)).toEqual(frame(request(17, 1, 5, body, false, 'doctor')))
    expect(encodeRequestFrame(36, 2, -3, null, body, true)).toEqual(
      frame(cat(i16(36), i16(2), i32(-3), str(null), tags0, body)),
    )
  })

  it('peekRequest reads api key, version and correlation id after the size prefix', () => {
    expect(peekRequest(frame(request(3, 12, 42, Buffer.alloc(0))))).toEqual({
      apiKey: 3,
      apiVersion: 12,
      correlationId: 42,
    })
  })

  it('readClientId: the client id, undefined when null or cut short', () => {
    expect(readClientId(frame(request(18, 3, 1, Buffer.alloc(0), false, 'orders-app')))).toBe('orders-app')
    expect(readClientId(frame(request(18, 3, 1, Buffer.alloc(0), false, null)))).toBeUndefined()
    expect(readClientId(cat(i32(10), i16(18), i16(3), i32(1), i16(9), Buffer.from('abc')))).toBeUndefined()
  })

  it.each([0, 2, 3, 7, 8, 9, 11])('expectsResponse: Produce v%i with acks 0 gets no answer, acks 1 and -1 do', (v) => {
    expect(expectsResponse(produce(v, 0))).toBe(false)
    expect(expectsResponse(produce(v, 1))).toBe(true)
    expect(expectsResponse(produce(v, -1, 'tx-1'))).toBe(true)
    if (v >= 3) expect(expectsResponse(produce(v, 0, 'tx-1'))).toBe(false)
  })

  it('expectsResponse: tagged fields in a flexible header are skipped', () => {
    const body = cat(cstr(null), i16(0), rest)
    const header = cat(i16(PRODUCE), i16(9), i32(7), str('kafkajs'), tagsOne)
    expect(expectsResponse(frame(cat(header, body)))).toBe(false)
  })

  it('expectsResponse: every other request is answered, and so is a Produce frame that cannot be read', () => {
    expect(expectsResponse(frame(request(3, 12, 1, Buffer.alloc(0))))).toBe(true)
    expect(expectsResponse(frame(request(PRODUCE, 3, 1, str('tx'))))).toBe(true)
    expect(expectsResponse(frame(request(PRODUCE, 9, 1, Buffer.alloc(0), true)))).toBe(true)
  })
})
