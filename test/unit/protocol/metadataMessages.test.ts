// Metadata v4 as the doctor, the emulator's upstream probe and the launcher's readiness probe write and read
// it, against hand-built bytes (test/helpers/emulatorBytes).
import { ByteReader } from '../../../src/protocol/ByteReader.js'
import {
  encodeBrokersMetadataRequest,
  metadataRequestBody,
  readMetadataBrokers,
} from '../../../src/protocol/metadataMessages.js'
import { cat, frame, i16, i32, request, str } from '../../helpers/emulatorBytes.js'

const broker = (nodeId: number, host: string, port: number, rack: string | null) =>
  cat(i32(nodeId), str(host), i32(port), str(rack))

describe('metadataMessages', () => {
  it('asks for every topic (-1) or none (0), never creating topics', () => {
    expect(metadataRequestBody('all')).toEqual(cat(i32(-1), Buffer.from([0])))
    expect(metadataRequestBody('none')).toEqual(cat(i32(0), Buffer.from([0])))
    expect(encodeBrokersMetadataRequest(7, 'doctor')).toEqual(
      frame(request(3, 4, 7, cat(i32(0), Buffer.from([0])), false, 'doctor')),
    )
  })

  it('reads the broker list and leaves the reader at cluster_id', () => {
    const body = cat(
      i32(0),
      i32(2),
      broker(1, 'b-1.orders.abc123.c2.kafka.eu-west-1.amazonaws.com', 9098, 'euw1-az1'),
      broker(2, 'b-2.orders.abc123.c2.kafka.eu-west-1.amazonaws.com', 9098, null),
      str('cluster-id'),
    )
    const reader = new ByteReader(body)
    expect(readMetadataBrokers(reader)).toEqual([
      { nodeId: 1, host: 'b-1.orders.abc123.c2.kafka.eu-west-1.amazonaws.com', port: 9098 },
      { nodeId: 2, host: 'b-2.orders.abc123.c2.kafka.eu-west-1.amazonaws.com', port: 9098 },
    ])
    expect(reader.nullableString()).toBe('cluster-id')
  })

  it('throws WireFormatError on a cut broker list', () => {
    const cut = cat(i32(0), i32(1), i32(1), i16(10), Buffer.from('b-1'))
    expect(() => readMetadataBrokers(new ByteReader(cut))).toThrow(
      expect.objectContaining({ name: 'WireFormatError' }) as Error,
    )
  })
})
