import { clusterSettings } from '../../../../src/testing/kafka/clusterSettings.js'
import { isClusterId, newClusterId } from '../../../../src/testing/kafka/formatStorage.js'

describe('clusterSettings', () => {
  it('defaults: 3 brokers, 256 MB, 90 s, C1 JIT, WARN (or $KAFKA_LOG_LEVEL), a random valid cluster id', () => {
    const s = clusterSettings({}, {})
    expect(s).toMatchObject({ brokers: 3, heapMb: 256, readyTimeoutMs: 90_000, fastJit: true, logLevel: 'WARN' })
    expect(isClusterId(s.clusterId)).toBe(true)
    expect(clusterSettings({}, { KAFKA_LOG_LEVEL: 'INFO' }).logLevel).toBe('INFO')
    expect(clusterSettings({ logLevel: 'DEBUG' }, { KAFKA_LOG_LEVEL: 'INFO' }).logLevel).toBe('DEBUG')
  })

  it.each([
    [{ brokers: 0 }, /brokers must be an integer from 1 to 5/],
    [{ brokers: 6 }, /brokers must be an integer from 1 to 5/],
    [{ brokers: 2.5 }, /brokers must be an integer/],
    [{ heapMb: 64 }, /heapMb must be an integer of at least 128/],
    [{ readyTimeoutMs: 0 }, /readyTimeoutMs must be positive/],
    [{ clusterId: 'short' }, /clusterId must be 16 bytes/],
    [{ listeners: [{ name: 'PLAINTEXT', securityProtocol: 'PLAINTEXT' as const }] }, /PLAINTEXT is taken/],
    [{ listeners: [{ name: 'sasl', securityProtocol: 'SASL_PLAINTEXT' as const }] }, /upper case/],
    [{ listeners: [{ name: 'A', securityProtocol: 'SSL' as 'PLAINTEXT' }] }, /must be PLAINTEXT or SASL_PLAINTEXT/],
    [
      {
        listeners: [
          { name: 'A', securityProtocol: 'PLAINTEXT' as const },
          { name: 'A', securityProtocol: 'PLAINTEXT' as const },
        ],
      },
      /A is taken/,
    ],
  ])('%j → INVALID_OPTIONS', (options, message) => {
    expect(() => clusterSettings(options, {})).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringMatching(message) as unknown }) as Error,
    )
  })
})

describe('cluster ids', () => {
  it('new ids are 22 base64url characters of 16 bytes, never starting with "-"', () => {
    for (let i = 0; i < 200; i++) {
      const id = newClusterId()
      expect(isClusterId(id)).toBe(true)
      expect(id.startsWith('-')).toBe(false)
    }
  })
  it('a fixed id is accepted when valid', () => {
    expect(clusterSettings({ clusterId: 'MkU3OEVBNTcwNTJENDM2Qk' }, {}).clusterId).toBe('MkU3OEVBNTcwNTJENDM2Qk')
    expect(isClusterId('MkU3OEVBNTcwNTJENDM2Qk==')).toBe(false)
  })
})
