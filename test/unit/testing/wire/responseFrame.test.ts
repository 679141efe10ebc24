// The emulator's response frames: header v0 and v1.
import { encodeResponseFrame, readResponseHeader } from '../../../../src/testing/wire/responseFrame.js'
import { cat, frame, i32, tags0, tagsOne } from '../../../helpers/emulatorBytes.js'

describe('response frames', () => {
  it('encodes header v0 and v1', () => {
    expect(encodeResponseFrame(9, 0, Buffer.from([1]))).toEqual(frame(cat(i32(9), Buffer.from([1]))))
    expect(encodeResponseFrame(9, 1, Buffer.from([1]))).toEqual(frame(cat(i32(9), tags0, Buffer.from([1]))))
  })
  it('reads the correlation id and skips header tagged fields', () => {
    expect(readResponseHeader(cat(i32(5), tagsOne, Buffer.from([1])), 1)).toEqual({
      correlationId: 5,
      bodyOffset: 4 + tagsOne.length,
    })
  })
})
