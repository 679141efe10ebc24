// docker-compose.yml cannot run here (no Docker engine): check what it would start instead. The brokers'
// settings must be the launcher's own (serverProperties for 3 nodes, startLocalMsk's MSK defaults and the
// authorizer's settings) once the apache/kafka image has turned the environment into server.properties;
// the authorizer jar the brokers load must be the one the build service writes; the emulator's command
// line must be one the CLI accepts (its real parser) with the brokers, address, ports, decision service and
// policy the file names, and so must the record and off variants its header tells users to make.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import { dockerEnvName } from '../../src/cli/authorizerCommand.js'
import { parseEmulatorArguments } from '../../src/cli/emulatorCommand.js'
import { lintPolicy } from '../../src/iam/lint/lintPolicy.js'
import { checkWorkload } from '../../src/iam/msk/checkWorkload.js'
import { parseMskArn } from '../../src/iam/msk/mskArn.js'
import { parsePolicy } from '../../src/iam/policy/parsePolicy.js'
import type { PolicyDocument } from '../../src/iam/policy/PolicyDocument.js'
import {
  UPSTREAM_LISTENER,
  authorizerServerProperties,
} from '../../src/testing/authorization/authorizerServerProperties.js'
import { DEFAULT_CLUSTER_NAME, MSK_BROKER_DEFAULTS } from '../../src/testing/constants.js'
import { CONTROLLER_LISTENER, DEFAULT_HEAP_MB, HOST, KAFKA_VERSION } from '../../src/testing/kafka/constants.js'
import { isClusterId } from '../../src/testing/kafka/formatStorage.js'
import { serverProperties, type NodeLayout } from '../../src/testing/kafka/serverProperties.js'
import { listenerPorts } from '../../src/testing/listenerPorts.js'
import type { EmulatorAuthorizationOptions, ListenerOptions, UpstreamAddress } from '../../src/testing/types.js'
import { imageServerProperties } from '../helpers/kafkaImageEnv.js'

const REPO = path.resolve(__dirname, '../..')
const COMPOSE_TEXT = readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8')

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
  volumes?: Record<string, unknown>
}

// Docker Compose resolves YAML merge keys (<<: *anchor); so must the parse.
const compose = parse(COMPOSE_TEXT, { merge: true }) as Compose
const kafkaServices = Object.keys(compose.services).filter((name) => name.startsWith('kafka-'))
const EMULATOR_SERVICE = 'emulator'
const emulator = compose.services[EMULATOR_SERVICE]!
const BUILD_SERVICE = 'authorizer-jar'
const BROKERS = 3
/** The container ports of every broker listener (the file's choice; the launcher picks free ports). */
const BROKER_PORTS: Record<string, number> = {
  PLAINTEXT: 9092,
  [CONTROLLER_LISTENER]: 9093,
  [UPSTREAM_LISTENER.name]: 9095,
}

/** `host:container[:mode]` → its parts. */
function mountOf(volume: string): { source: string; target: string; readOnly: boolean } {
  const [source = '', target = '', mode] = volume.split(':')
  return { source, target, readOnly: mode === 'ro' }
}

/** Where `containerPath` of `service` is in the repository (through a bind mount of a repo folder). */
function repoPathOf(service: Service, containerPath: string): string | undefined {
  for (const volume of service.volumes ?? []) {
    const { source, target } = mountOf(volume)
    if (!source.startsWith('.')) continue
    if (containerPath === target || containerPath.startsWith(`${target}/`)) {
      return path.join(REPO, source, path.relative(target, containerPath))
    }
  }
  return undefined
}

/** The value after `flag` in a command line, or of `-Dname=value`. */
const valueAfter = (command: readonly string[], flag: string): string | undefined => {
  const at = command.indexOf(flag)
  return at < 0 ? undefined : command[at + 1]
}
const mavenProperty = (command: readonly string[], name: string): string | undefined =>
  command.find((arg) => arg.startsWith(`-D${name}=`))?.slice(`-D${name}=`.length)

/** name → `host:port` of a `NAME://host:port,…` listener list. */
function listenersOf(value: unknown): Record<string, { host: string; port: number }> {
  return Object.fromEntries(
    String(value)
      .split(',')
      .map((entry) => /^([A-Z_]+):\/\/(.*):(\d+)$/.exec(entry)!)
      .map(([, name, host, port]): [string, { host: string; port: number }] => [
        name!,
        { host: host!, port: Number(port) },
      ]),
  )
}

/** The launcher's properties for node `nodeId` of a 3-node cluster as startLocalMsk starts it with a policy. */
function launcherProperties(nodeId: number, serviceUrl: string): Record<string, string> {
  const nodes: NodeLayout[] = [1, 2, 3].map((id) => ({ nodeId: id, dir: '/data', ports: { ...BROKER_PORTS } }))
  return serverProperties(nodes[nodeId - 1]!, {
    nodes,
    listeners: [UPSTREAM_LISTENER],
    properties: { ...MSK_BROKER_DEFAULTS, ...authorizerServerProperties({ serviceUrl }) },
  })
}

/**
 * The launcher's properties as they must read inside Docker: listeners bind every interface, the others
 * name the brokers by service name; log.dirs is the image's own.
 */
function dockerProperties(nodeId: number, serviceUrl: string): Record<string, string> {
  const { 'log.dirs': _logDirs, ...properties } = launcherProperties(nodeId, serviceUrl)
  return {
    ...properties,
    listeners: properties.listeners!.replaceAll(`://${HOST}:`, '://:'),
    'advertised.listeners': properties['advertised.listeners']!.replaceAll(`://${HOST}:`, `://kafka-${nodeId}:`),
    'controller.quorum.voters': properties['controller.quorum.voters']!.replace(
      new RegExp(`(\\d+)@${HOST.replace(/\./g, '\\.')}:`, 'g'),
      '$1@kafka-$1:',
    ),
  }
}

/** Flags whose file the CLI's parser reads: given as the repository file Docker mounts there. */
const FILE_FLAGS = ['--policy', '--cluster-policy', '--identities']

/** What `emulator` would start with, run inside the emulator's container. */
function parsedEmulator(command: readonly string[]) {
  const mounted = command.map((arg, i) =>
    FILE_FLAGS.includes(command[i - 1] ?? '') ? (repoPathOf(emulator, arg) ?? arg) : arg,
  )
  return parseEmulatorArguments(mounted.slice(3), {})
}

/** The decision service the file's emulator runs, and the URL brokers reach it at: `http://<service>:<port>`. */
async function decisionService(): Promise<{ host: string | undefined; port: number; url: string }> {
  const { options } = await parsedEmulator(emulator.command!)
  const service = (options.authorization as EmulatorAuthorizationOptions).decisionService!
  return { host: service.host, port: service.port!, url: `http://${EMULATOR_SERVICE}:${service.port}` }
}

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
    'kafka-%i gets exactly the launcher’s settings through the image’s environment rule, with its own names',
    async (nodeId) => {
      const env = compose.services[`kafka-${nodeId}`]!.environment!
      const { properties, dropped } = imageServerProperties(env)
      // A value holding `=` is dropped by the image without a word.
      expect(dropped).toEqual([])
      // KAFKA_HEAP_OPTS is read by kafka-run-class.sh; the image also writes it as the unknown property
      // heap.opts (its exclude list says KAFKA_HEAP_OPT), which Kafka ignores.
      const { 'heap.opts': heap, ...rendered } = properties
      expect(heap).toBe(env.KAFKA_HEAP_OPTS)
      expect(String(env.KAFKA_HEAP_OPTS)).toMatch(new RegExp(`-Xmx${DEFAULT_HEAP_MB}m`))
      // Exactly: nothing missing or different, nothing the launcher does not set.
      expect(rendered).toEqual(dockerProperties(nodeId, (await decisionService()).url))
      expect(isClusterId(String(env.CLUSTER_ID))).toBe(true)
    },
  )

  it.each([1, 2, 3])('kafka-%i has the IAM_UPSTREAM listener, SASL_PLAINTEXT, for the emulator', (nodeId) => {
    const env = compose.services[`kafka-${nodeId}`]!.environment!
    const { name, securityProtocol } = UPSTREAM_LISTENER
    const port = BROKER_PORTS[name]
    expect(listenersOf(env.KAFKA_LISTENERS)[name]).toEqual({ host: '', port })
    expect(listenersOf(env.KAFKA_ADVERTISED_LISTENERS)[name]).toEqual({ host: `kafka-${nodeId}`, port })
    expect(String(env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).split(',')).toContain(`${name}:${securityProtocol}`)
  })

  it.each([1, 2, 3])(
    'kafka-%i loads the authorizer: authorizerServerProperties() for the emulator’s decision service',
    async (nodeId) => {
      const env = compose.services[`kafka-${nodeId}`]!.environment!
      const { url } = await decisionService()
      // As `kafkajs-msk-iam authorizer --service-url` prints them, and as the image reads them back.
      const expected = authorizerServerProperties({ serviceUrl: url })
      const given = Object.fromEntries(Object.keys(expected).map((key) => [key, String(env[dockerEnvName(key)])]))
      expect(given).toEqual(expected)
      expect(imageServerProperties(env).properties).toMatchObject(expected)
    },
  )

  it('one cluster id for all brokers', () => {
    expect(new Set(kafkaServices.map((name) => compose.services[name]!.environment!.CLUSTER_ID)).size).toBe(1)
  })
})

describe('docker-compose.yml: the authorizer jar', () => {
  const build = compose.services[BUILD_SERVICE]!
  const command = build.command!
  const buildDir = mavenProperty(command, 'authorizer.build.dir')!
  const pomInContainer = valueAfter(command, '-f')!
  const pom = repoPathOf(build, pomInContainer)

  it('is built by Maven in a container from the package’s own Maven project, for the brokers’ Kafka release', () => {
    expect(command[0]).toBe('mvn')
    expect(pom).toBeDefined()
    expect(existsSync(pom!)).toBe(true)
    const pomText = readFileSync(pom!, 'utf8')
    expect(pomText).toContain('<artifactId>msk-iam-authorizer</artifactId>')
    expect(mavenProperty(command, 'kafka.version')).toBe(KAFKA_VERSION)
    // The image's JDK can compile for the pom's release.
    const release = Number(/<maven\.compiler\.release>(\d+)</.exec(pomText)?.[1])
    const jdk = Number(/^maven:[\d.]+-eclipse-temurin-(\d+)$/.exec(build.image)?.[1])
    expect(jdk).toBeGreaterThanOrEqual(release)
    // The sources are only read; the build goes to the shared volume.
    expect(build.volumes!.map(mountOf).find((m) => pomInContainer.startsWith(`${m.target}/`))?.readOnly).toBe(true)
  })

  it('needs Maven Central, so it is not on the network without a route out', () => {
    expect(build.networks ?? ['default']).not.toContain('backend')
    expect(COMPOSE_TEXT.slice(0, COMPOSE_TEXT.indexOf('\nname:'))).toMatch(/Maven Central/)
  })

  it('is the jar on every broker’s CLASSPATH, through a named volume the brokers mount read-only', () => {
    const finalName = /<finalName>([^<]+)<\/finalName>/.exec(readFileSync(pom!, 'utf8'))?.[1]
    const output = build.volumes!.map(mountOf).find((m) => m.target === buildDir)!
    expect(output).toBeDefined()
    expect(Object.keys(compose.volumes ?? {})).toContain(output.source)
    for (const name of kafkaServices) {
      const service = compose.services[name]!
      const mount = service.volumes!.map(mountOf).find((m) => m.source === output.source)!
      expect(mount.readOnly).toBe(true)
      expect(service.environment!.CLASSPATH).toBe(`${mount.target}/${finalName}.jar`)
      // The jar is there before the broker starts.
      expect(service.depends_on).toEqual({ [BUILD_SERVICE]: { condition: 'service_completed_successfully' } })
    }
  })
})

describe('docker-compose.yml: the emulator', () => {
  const command = emulator.command!
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    bin: Record<string, string>
    engines: { node: string }
  }

  /** Every broker's advertised address on listener `name`, as the emulator's `upstream` must name it. */
  const advertised = (name: string): UpstreamAddress[] =>
    kafkaServices.map((service) => {
      const env = compose.services[service]!.environment!
      return { nodeId: Number(env.KAFKA_NODE_ID), ...listenersOf(env.KAFKA_ADVERTISED_LISTENERS)[name]! }
    })

  it('runs the package’s own bin with the emulator command, on a Node the package supports', () => {
    expect(command.slice(0, 3)).toEqual(['node', path.normalize(manifest.bin['kafkajs-msk-iam']!), 'emulator'])
    const [, major] = /^node:(\d+)/.exec(emulator.image) ?? []
    expect(Number(major)).toBeGreaterThanOrEqual(Number(/\d+/.exec(manifest.engines.node)?.[0]))
    expect(emulator.volumes).toContain('.:/app:ro')
  })

  it('its flags are ones the CLI accepts: every broker’s IAM_UPSTREAM by node id, bound to 0.0.0.0, the ports the file publishes', async () => {
    const { options, caOut } = await parsedEmulator(command)
    expect(options.upstream).toEqual(advertised(UPSTREAM_LISTENER.name))

    const tls = options.listeners!.tls as ListenerOptions
    const plaintext = options.listeners!.plaintext as ListenerOptions
    // Inside a container, 127.0.0.1 would refuse the connections Docker forwards to the published ports.
    expect(tls.host).toBe('0.0.0.0')
    expect(plaintext.host).toBe('0.0.0.0')
    const ports = [...listenerPorts(tls.port, BROKERS, 'TLS'), ...listenerPorts(plaintext.port, BROKERS, 'plaintext')]
    expect(ports).toEqual([9098, 10098, 11098, 9099, 10099, 11099])
    expect(emulator.ports).toEqual(ports.map((p) => `${p}:${p}`))

    // The CA goes to a folder that is mounted writable and shared with the host.
    const mount = emulator.volumes!.find((v) => caOut!.startsWith(`${v.split(':')[1]}/`))
    expect(mount).toBeDefined()
    expect(mount!.endsWith(':ro')).toBe(false)
  })

  it('enforces, with a decision service the brokers reach at the URL they are given', async () => {
    const { options } = await parsedEmulator(command)
    expect(options.authorization?.mode).toBe('enforce')
    const service = await decisionService()
    expect(service.host).toBe('0.0.0.0')
    for (const name of kafkaServices) {
      const env = compose.services[name]!.environment!
      expect(env[dockerEnvName('msk.iam.authorizer.url')]).toBe(service.url)
      expect(emulator.networks).toEqual(expect.arrayContaining(compose.services[name]!.networks!))
    }
  })

  it('never publishes a broker port, the IAM_UPSTREAM listener or the decision service', async () => {
    const { port: decisionPort } = await decisionService()
    const hidden = [...Object.values(BROKER_PORTS), decisionPort]
    for (const [name, service] of Object.entries(compose.services)) {
      const published = (service.ports ?? []).flatMap((p) => p.split(':').map(Number))
      expect({ name, published: published.filter((p) => hidden.includes(p)) }).toEqual({ name, published: [] })
    }
  })

  describe('the policy', () => {
    const policyPath = valueAfter(command, '--policy')!
    const file = repoPathOf(emulator, policyPath)
    const document = (): unknown => JSON.parse(readFileSync(file!, 'utf8'))

    it('is a file of the repository, mounted into the emulator', () => {
      expect(file).toBeDefined()
      expect(existsSync(file!)).toBe(true)
    })

    it('is one the evaluator parses, with nothing the linter finds, for the cluster the emulator names', async () => {
      const { options } = await parsedEmulator(command)
      const clusterArn = (options.authorization as EmulatorAuthorizationOptions).clusterArn!
      const cluster = parseMskArn(clusterArn)?.cluster
      expect(cluster).toBeDefined()
      // The ARN is the one of the cluster the emulator advertises: its region and name.
      expect(cluster!.region).toBe(options.region)
      expect(options.clusterName ?? DEFAULT_CLUSTER_NAME).toBe(cluster!.name)

      const parsed = parsePolicy(document(), { kind: 'identity', name: policyPath })
      expect(parsed.ok ? [] : parsed.problems).toEqual([])
      expect(lintPolicy(document(), { kind: 'identity', name: policyPath, cluster })).toEqual([])
      // The CLI gave it to the local test identity.
      expect(options.identities?.map((i) => i.policies)).toEqual([[document()]])
    })

    it('lets the local test identity do everything a client does on the local cluster', async () => {
      const { options } = await parsedEmulator(command)
      const { cluster } = parseMskArn((options.authorization as EmulatorAuthorizationOptions).clusterArn!)!
      const [identity] = options.identities!
      const workload = {
        produce: ['orders'],
        consume: ['orders'],
        group: 'billing',
        idempotent: true,
        transactionalId: 'orders-tx',
        admin: true,
      }
      const check = checkWorkload({ identityPolicies: identity!.policies as PolicyDocument[] }, workload, cluster, {
        principal: { arn: identity!.principalArn },
        nowMs: Date.UTC(2026, 0, 1),
      })
      expect(check.checks.filter((c) => !c.granted).map((c) => c.requirement)).toEqual([])
      expect(check.ok).toBe(true)
    })
  })

  describe('the other modes, as the file’s header tells users to switch', () => {
    // The header's instructions, read as one line of text.
    const header = COMPOSE_TEXT.slice(0, COMPOSE_TEXT.indexOf('\nname:'))
      .split('\n')
      .map((line) => line.replace(/^#\s?/, '').trim())
      .join(' ')
    const quoted = (text: string): string[] => [...text.matchAll(/'([^']*)'/g)].map((m) => m[1]!)

    it('record: the replacement it names gives record mode, writing the policy to the shared folder', async () => {
      const [, from = '', to = ''] = /record:\s+replace (.+?) with ((?:'[^']*'(?:, )?)+)/.exec(header) ?? []
      const [start, ...rest] = [quoted(from), quoted(to)]
      const at = command.findIndex((_, i) => start.every((arg, j) => command[i + j] === arg))
      expect(at).toBeGreaterThan(0)
      const record = [...command.slice(0, at), ...rest[0], ...command.slice(at + start.length)]
      const { options, recordTo } = await parsedEmulator(record)
      expect(options.authorization?.mode).toBe('record')
      const mount = emulator.volumes!.map(mountOf).find((m) => recordTo!.startsWith(`${m.target}/`))
      expect(mount).toMatchObject({ readOnly: false })
      expect(header).toContain(path.join(mount!.source, path.relative(mount!.target, recordTo!)).replace(/^\.?\//, ''))
    })

    it('off: without the flags it names and with the upstream it names, no authorization, on PLAINTEXT', async () => {
      const removed = quoted(/off:\s+remove (.+?) with their values/.exec(header)?.[1] ?? '')
      expect(removed).toEqual(['--policy', '--cluster-arn', '--decision-service'])
      const upstream = /--upstream at the brokers' PLAINTEXT listeners: '([^']+)'/.exec(header)?.[1]
      const off = command.filter((arg, i) => !removed.includes(arg) && !removed.includes(command[i - 1]!))
      off[off.indexOf('--upstream') + 1] = upstream!
      const { options } = await parsedEmulator(off)
      expect(options.authorization).toBeUndefined()
      expect(options.upstream).toEqual(advertised('PLAINTEXT'))
    })
  })

  it('waits for healthy brokers and is the only service on both networks', () => {
    expect(emulator.depends_on).toEqual(
      Object.fromEntries(kafkaServices.map((name) => [name, { condition: 'service_healthy' }])),
    )
    expect(emulator.networks).toEqual(['backend', 'edge'])
    expect(compose.networks.edge?.internal).toBeUndefined()
  })
})
