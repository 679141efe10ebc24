// docker-compose.yml cannot run here (no Docker engine): check what it would start instead. The brokers'
// settings must be the launcher's own (serverProperties for 3 nodes, plus startLocalMsk's MSK defaults),
// and the emulator's command line must be one the CLI accepts (its real parser) with the brokers, address
// and ports the file publishes.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { parseEmulatorArguments } from '../../src/cli/emulatorCommand.js'
import { MSK_BROKER_DEFAULTS } from '../../src/testing/constants.js'
import { DEFAULT_HEAP_MB, KAFKA_VERSION } from '../../src/testing/kafka/constants.js'
import { isClusterId } from '../../src/testing/kafka/formatStorage.js'
import { serverProperties, type NodeLayout } from '../../src/testing/kafka/serverProperties.js'
import { listenerPorts } from '../../src/testing/listenerPorts.js'
import type { ListenerOptions, UpstreamAddress } from '../../src/testing/types.js'

const REPO = path.resolve(__dirname, '../..')

interface Service {
  image: string
  hostname?: string
  environment?: Record<string, string | number>
  command?: string[]
  ports?: string[]
  volumes?: string[]
  networks?: string[]
  depends_on?: Record<string, { condition: string }>
}
interface Compose {
  services: Record<string, Service>
  networks: Record<string, { internal?: boolean }>
}

// Docker Compose resolves YAML merge keys (<<: *anchor); so must the parse.
const compose = parse(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose
const kafkaServices = Object.keys(compose.services).filter((name) => name.startsWith('kafka-'))
const BROKERS = 3

/** The apache/kafka image's env → server.properties mapping: KAFKA_ + upper case, `.` → `_`, `_` → `__`. */
const envName = (property: string): string =>
  `KAFKA_${property.replace(/-/g, '___').replace(/_/g, '__').replace(/\./g, '_').toUpperCase()}`

/** The launcher's properties for node `nodeId` of a 3-node cluster as startLocalMsk starts it. */
function launcherProperties(nodeId: number): Record<string, string> {
  const nodes: NodeLayout[] = [1, 2, 3].map((id) => ({
    nodeId: id,
    dir: '/data',
    ports: { PLAINTEXT: 9092, CONTROLLER: 9093 },
  }))
  return serverProperties(nodes[nodeId - 1]!, { nodes, listeners: [], properties: { ...MSK_BROKER_DEFAULTS } })
}

// Host names, ports and paths differ by design between the two; they are checked one by one below.
const PLACED = new Set(['listeners', 'advertised.listeners', 'controller.quorum.voters', 'log.dirs', 'node.id'])

describe('docker-compose.yml: the brokers', () => {
  it('three Kafka services of the launcher’s Kafka release, reachable only on the internal network', () => {
    expect(kafkaServices).toEqual(['kafka-1', 'kafka-2', 'kafka-3'])
    for (const name of kafkaServices) {
      const service = compose.services[name]!
      expect(service.image).toBe(`apache/kafka:${KAFKA_VERSION}`)
      expect(service.hostname).toBe(name)
      expect(service.networks).toEqual(['backend'])
      expect(service.ports).toBeUndefined()
    }
    expect(compose.networks.backend?.internal).toBe(true)
  })

  it.each([1, 2, 3])(
    'kafka-%i has exactly the launcher’s settings, its node id and its own advertised name',
    (nodeId) => {
      const env = compose.services[`kafka-${nodeId}`]!.environment!
      const expected = launcherProperties(nodeId)
      const missingOrDifferent = Object.entries(expected)
        .filter(([key]) => !PLACED.has(key))
        .filter(([key, value]) => String(env[envName(key)]) !== value)
        .map(([key, value]) => `${envName(key)}=${value} (got ${String(env[envName(key)])})`)
      expect(missingOrDifferent).toEqual([])
      // Nothing in the file that the launcher does not set (a stale or Docker-only broker setting).
      const known = new Set([...Object.keys(expected).map(envName), 'KAFKA_HEAP_OPTS'])
      expect(Object.keys(env).filter((k) => k.startsWith('KAFKA_') && !known.has(k))).toEqual([])

      expect(String(env.KAFKA_NODE_ID)).toBe(String(nodeId))
      expect(env.KAFKA_ADVERTISED_LISTENERS).toBe(`PLAINTEXT://kafka-${nodeId}:9092`)
      expect(env.KAFKA_LISTENERS).toBe('PLAINTEXT://:9092,CONTROLLER://:9093')
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe('1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093')
      expect(env.KAFKA_HEAP_OPTS).toMatch(new RegExp(`-Xmx${DEFAULT_HEAP_MB}m`))
      expect(isClusterId(String(env.CLUSTER_ID))).toBe(true)
    },
  )

  it('one cluster id for all brokers', () => {
    expect(new Set(kafkaServices.map((name) => compose.services[name]!.environment!.CLUSTER_ID)).size).toBe(1)
  })
})

describe('docker-compose.yml: the emulator', () => {
  const service = compose.services.emulator!
  const command = service.command!
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    bin: Record<string, string>
    engines: { node: string }
  }

  it('runs the package’s own bin with the emulator command, on a Node the package supports', () => {
    expect(command.slice(0, 3)).toEqual(['node', path.normalize(manifest.bin['kafkajs-msk-iam']!), 'emulator'])
    const [, major] = /^node:(\d+)/.exec(service.image) ?? []
    expect(Number(major)).toBeGreaterThanOrEqual(Number(/\d+/.exec(manifest.engines.node)?.[0]))
    expect(service.volumes).toContain('.:/app:ro')
  })

  it('its flags are ones the CLI accepts: every broker by node id, bound to 0.0.0.0, the ports the file publishes', async () => {
    const { options, caOut } = await parseEmulatorArguments(command.slice(3), {})
    const upstream = options.upstream as UpstreamAddress[]
    const advertised = kafkaServices.map((name) => {
      const env = compose.services[name]!.environment!
      const [, host, port] = /^PLAINTEXT:\/\/(.+):(\d+)$/.exec(String(env.KAFKA_ADVERTISED_LISTENERS))!
      return { nodeId: Number(env.KAFKA_NODE_ID), host, port: Number(port) }
    })
    expect(upstream).toEqual(advertised)

    const tls = options.listeners!.tls as ListenerOptions
    const plaintext = options.listeners!.plaintext as ListenerOptions
    // Inside a container, 127.0.0.1 would refuse the connections Docker forwards to the published ports.
    expect(tls.host).toBe('0.0.0.0')
    expect(plaintext.host).toBe('0.0.0.0')
    const ports = [
      ...listenerPorts(tls.port as number, BROKERS, 'TLS'),
      ...listenerPorts(plaintext.port as number, BROKERS, 'plaintext'),
    ]
    expect(ports).toEqual([9098, 10098, 11098, 9099, 10099, 11099])
    expect(service.ports).toEqual(ports.map((p) => `${p}:${p}`))

    // The CA goes to a folder that is mounted writable and shared with the host.
    const mount = service.volumes!.find((v) => caOut!.startsWith(`${v.split(':')[1]}/`))
    expect(mount).toBeDefined()
    expect(mount!.endsWith(':ro')).toBe(false)
  })

  it('waits for healthy brokers and is the only service on both networks', () => {
    expect(service.depends_on).toEqual(
      Object.fromEntries(kafkaServices.map((name) => [name, { condition: 'service_healthy' }])),
    )
    expect(service.networks).toEqual(['backend', 'edge'])
    expect(compose.networks.edge?.internal).toBeUndefined()
  })
})
