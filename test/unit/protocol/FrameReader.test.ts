// The emulator's frame reader: split and merged chunks, size limits judged on the prefix alone.
import fc from 'fast-check'
import { FrameReader, type FrameLimits } from '../../../src/protocol/FrameReader.js'
import { cat, frame, i32 } from '../../helpers/emulatorBytes.js'
import { propertyRuns } from '../../helpers/propertySeed.js'

const limits: FrameLimits = { min: 8, max: 1024 }

function drain(reader: FrameReader, l: FrameLimits = limits): Buffer[] {
  const out: Buffer[] = []
  for (;;) {
    const next = reader.next(l)
    if (next.kind !== 'frame') return out
    out.push(Buffer.from(next.payload))
  }
}

describe('FrameReader', () => {
  const a = Buffer.from('0123456789')
  const b = Buffer.from('abcdefghijklmnopqrstuvwxyz')

  it('returns nothing until a whole frame is buffered, then the frame and a view of its payload', () => {
    const reader = new FrameReader()
    const bytes = frame(a)
    reader.push(bytes.subarray(0, 2))
    expect(reader.next(limits)).toEqual({ kind: 'need-more' })
    reader.push(bytes.subarray(2, 9))
    expect(reader.next(limits)).toEqual({ kind: 'need-more' })
    reader.push(bytes.subarray(9))
    const next = reader.next(limits)
    expect(next.kind).toBe('frame')
    if (next.kind !== 'frame') return
    expect(next.frame).toEqual(bytes)
    expect(next.payload).toEqual(a)
    expect(reader.bufferedBytes).toBe(0)
  })

  it('splits several frames merged into one chunk and keeps a trailing partial frame', () => {
    const reader = new FrameReader()
    const all = cat(frame(a), frame(b), frame(a))
    reader.push(all.subarray(0, all.length - 3))
    expect(drain(reader)).toEqual([a, b])
    reader.push(all.subarray(all.length - 3))
    expect(drain(reader)).toEqual([a])
  })

  it('reads a size prefix split byte by byte across chunks', () => {
    const reader = new FrameReader()
    for (const byte of frame(b)) reader.push(Buffer.from([byte]))
    expect(drain(reader)).toEqual([b])
  })

  it('rejects an oversized prefix before any of the body arrives, without allocating it', () => {
    const reader = new FrameReader()
    reader.push(i32(0x7fffffff))
    expect(reader.next(limits)).toEqual({ kind: 'invalid', size: 0x7fffffff, reason: 'too-large' })
    expect(reader.bufferedBytes).toBe(4)
  })

  it('rejects sizes below the minimum, including negative ones', () => {
    const small = new FrameReader()
    small.push(cat(i32(7), Buffer.alloc(7)))
    expect(small.next(limits)).toEqual({ kind: 'invalid', size: 7, reason: 'too-small' })
    const negative = new FrameReader()
    negative.push(i32(-1))
    expect(negative.next(limits)).toEqual({ kind: 'invalid', size: -1, reason: 'too-small' })
  })

  it('applies the limit given for each frame (larger after authentication)', () => {
    const reader = new FrameReader()
    const big = Buffer.alloc(2000, 1)
    reader.push(cat(frame(a), frame(big)))
    expect(drain(reader)).toEqual([a])
    expect(reader.next(limits).kind).toBe('invalid')
    expect(drain(reader, { min: 8, max: 4096 })).toEqual([big])
  })

  it('clear() drops buffered bytes', () => {
    const reader = new FrameReader()
    reader.push(frame(a).subarray(0, 5))
    reader.clear()
    expect(reader.bufferedBytes).toBe(0)
    expect(reader.next(limits)).toEqual({ kind: 'need-more' })
  })

  it('yields the same frames however the stream is cut into chunks (property)', () => {
    const payloads = fc.array(fc.uint8Array({ minLength: 8, maxLength: 64 }), { minLength: 1, maxLength: 8 })
    fc.assert(
      fc.property(
        payloads,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 50 }),
        (bodies, cuts) => {
          const stream = cat(...bodies.map((body) => frame(Buffer.from(body))))
          const reader = new FrameReader()
          const seen: Buffer[] = []
          let at = 0
          let i = 0
          while (at < stream.length) {
            const size = cuts[i++ % cuts.length] ?? 1
            reader.push(stream.subarray(at, at + size))
            at += size
            seen.push(...drain(reader))
          }
          expect(seen).toEqual(bodies.map((body) => Buffer.from(body)))
          expect(reader.bufferedBytes).toBe(0)
        },
      ),
      propertyRuns(100),
    )
  })

  it('never throws on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 32 }), { maxLength: 20 }), (chunks) => {
        const reader = new FrameReader()
        for (const chunk of chunks) {
          reader.push(Buffer.from(chunk))
          for (let next = reader.next(limits); next.kind === 'frame'; next = reader.next(limits)) {
            expect(next.payload.length).toBeGreaterThanOrEqual(limits.min)
          }
        }
      }),
      propertyRuns(100),
    )
  })
})
