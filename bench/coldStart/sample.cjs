// The measured part shared by child.cjs and child.mjs: one kafkajs authentication against a canned broker
// answer (kafkajs's authenticationProvider(...).authenticate(), as kafkajs runs it after SaslHandshake), or
// one produced message through the emulator over TLS; then the timings on stdout as one JSON line.
'use strict'
const { readFileSync } = require('node:fs')
const net = require('node:net')
const tls = require('node:tls')

const ANSWER = Buffer.from(
  JSON.stringify({ version: '2020_10_22', 'request-id': '5f1e7a0c-6d2b-4c7e-9a51-0b8e4d3c2a19' }),
)
const FRAMED_ANSWER = Buffer.concat([Buffer.from([0, 0, 0, ANSWER.length]), ANSWER])
// A successful OAUTHBEARER answer carries no bytes (RFC 7628: anything else is an error challenge).
const FRAMED_OAUTHBEARER_ANSWER = Buffer.from([0, 0, 0, 0])

/** kafkajs's SASLAuthenticator: the mechanism's own provider, else kafkajs's built-in OAUTHBEARER one. */
function authenticatorOf(sasl) {
  if (sasl.authenticationProvider) return sasl.authenticationProvider
  return require('kafkajs/src/broker/saslAuthenticator/oauthBearer')(sasl)
}

async function authenticateOnce(kafkajs, sasl) {
  const logger = new kafkajs.Kafka({ brokers: ['127.0.0.1:1'], logCreator: () => () => undefined }).logger()
  let sent = 0
  const saslAuthenticate = async ({ request, response }) => {
    sent += (await request.encode()).length
    if (!response) return undefined
    const answer = sasl.mechanism.toUpperCase() === 'OAUTHBEARER' ? FRAMED_OAUTHBEARER_ANSWER : FRAMED_ANSWER
    return response.parse(await response.decode(answer))
  }
  const host = process.env.COLD_START_HOST
  await authenticatorOf(sasl)({ host, port: 9098, logger, saslAuthenticate }).authenticate()
  if (sent === 0) throw new Error('the plugin sent nothing')
}

// MSK-shaped names resolve to 127.0.0.1; TLS still checks them (SNI and the certificate).
const loopbackLookup = (_hostname, options, callback) =>
  options && options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)

async function produceOnce(kafkajs, sasl) {
  const broker = `${process.env.COLD_START_HOST}:${process.env.COLD_START_PORT}`
  const kafka = new kafkajs.Kafka({
    clientId: 'cold-start',
    brokers: [broker],
    ssl: { ca: [readFileSync(process.env.COLD_START_CA_FILE, 'utf8')] },
    sasl,
    logCreator: () => () => undefined,
    socketFactory: ({ host, port, ssl, onConnect }) =>
      ssl
        ? tls.connect({ ...ssl, host, port, servername: host, lookup: loopbackLookup }, onConnect)
        : net.connect({ host, port, lookup: loopbackLookup }, onConnect),
  })
  const producer = kafka.producer({ allowAutoTopicCreation: false })
  await producer.connect()
  await producer.send({ topic: process.env.COLD_START_TOPIC, messages: [{ value: 'cold start' }] })
  return producer
}

async function run({ kafkajs, sasl, mode, marks }) {
  const producer = mode === 'produce' ? await produceOnce(kafkajs, sasl) : await authenticateOnce(kafkajs, sasl)
  const done = performance.now()
  const cpu = process.cpuUsage()
  const rssBytes = process.memoryUsage().rss
  process.stdout.write(
    `${JSON.stringify({
      // performance.now() counts from the process's start (its time origin).
      kafkajsMs: marks.afterKafkajs - marks.start,
      pluginMs: marks.afterPlugin - marks.afterKafkajs,
      firstMs: done - marks.afterPlugin,
      totalMs: done,
      // CPU the process used up to here (Node's start-up included): the work, whatever else the machine ran.
      cpuMs: (cpu.user + cpu.system) / 1000,
      rssBytes,
      // CommonJS modules the plugin and its first use loaded (kafkajs and Node's own excluded).
      modules: Object.keys(require.cache).length - marks.modulesBefore,
    })}\n`,
  )
  if (producer) await producer.disconnect()
  process.exit(0)
}

module.exports = { run }
