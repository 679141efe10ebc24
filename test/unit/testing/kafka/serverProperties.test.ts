import {
  replicationDefaults,
  serverProperties,
  type ClusterLayout,
} from '../../../../src/testing/kafka/serverProperties.js'

const node = (nodeId: number, extra: Record<string, number> = {}) => ({
  nodeId,
  dir: `/tmp/c/node-${nodeId}`,
  ports: { PLAINTEXT: 9000 + nodeId, CONTROLLER: 9100 + nodeId, ...extra },
})

describe('replicationDefaults', () => {
  it('3 brokers: RF 3 and min ISR 2 everywhere, as MSK; one offsets partition per broker', () => {
    expect(replicationDefaults(3)).toMatchObject({
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'offsets.topic.replication.factor': '3',
      'offsets.topic.num.partitions': '3',
      'transaction.state.log.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
      'share.coordinator.state.topic.replication.factor': '3',
      'share.coordinator.state.topic.min.isr': '2',
    })
  })
  it('1 and 2 brokers: RF = brokers, min ISR 1 (a single broker could never satisfy 2)', () => {
    expect(replicationDefaults(1)).toMatchObject({ 'default.replication.factor': '1', 'min.insync.replicas': '1' })
    expect(replicationDefaults(2)).toMatchObject({
      'offsets.topic.replication.factor': '2',
      'transaction.state.log.min.isr': '1',
    })
  })
  it('5 brokers: RF stays 3', () => {
    expect(replicationDefaults(5)).toMatchObject({ 'default.replication.factor': '3', 'min.insync.replicas': '2' })
  })
})

describe('serverProperties', () => {
  const cluster = (overrides: Partial<ClusterLayout> = {}): ClusterLayout => ({
    nodes: [node(1, { SASL_AUTHZ: 9201 }), node(2, { SASL_AUTHZ: 9202 }), node(3, { SASL_AUTHZ: 9203 })],
    listeners: [{ name: 'SASL_AUTHZ', securityProtocol: 'SASL_PLAINTEXT' }],
    properties: {},
    ...overrides,
  })

  it('a combined node of a static quorum of every node, with the extra listener advertised', () => {
    const props = serverProperties(cluster().nodes[1]!, cluster())
    expect(props).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': '2',
      'controller.quorum.voters': '1@127.0.0.1:9101,2@127.0.0.1:9102,3@127.0.0.1:9103',
      listeners: 'PLAINTEXT://127.0.0.1:9002,SASL_AUTHZ://127.0.0.1:9202,CONTROLLER://127.0.0.1:9102',
      'advertised.listeners': 'PLAINTEXT://127.0.0.1:9002,SASL_AUTHZ://127.0.0.1:9202',
      'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_AUTHZ:SASL_PLAINTEXT',
      'inter.broker.listener.name': 'PLAINTEXT',
      'controller.listener.names': 'CONTROLLER',
      'log.dirs': '/tmp/c/node-2/logs',
      'min.insync.replicas': '2',
    })
  })

  it('the dedupe buffer is small enough for a small heap', () => {
    expect(Number(serverProperties(node(1), cluster())['log.cleaner.dedupe.buffer.size'])).toBeLessThanOrEqual(
      32 * 1024 * 1024,
    )
  })

  it('properties override the defaults, nodeProperties override those, and get the node id and its ports', () => {
    const seen: unknown[] = []
    const layout = cluster({
      properties: { 'min.insync.replicas': '1', 'broker.rack': 'all' },
      nodeProperties: (nodeId, ports) => {
        seen.push([nodeId, ports])
        return { 'broker.rack': `use1-az${nodeId}` }
      },
    })
    const props = serverProperties(layout.nodes[2]!, layout)
    expect(props['min.insync.replicas']).toBe('1')
    expect(props['broker.rack']).toBe('use1-az3')
    expect(seen).toEqual([[3, { PLAINTEXT: 9003, CONTROLLER: 9103, SASL_AUTHZ: 9203 }]])
  })
})
