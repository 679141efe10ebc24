// @platformatic/kafka producing to MSK with IAM authentication over OAUTHBEARER.
//
// Environment: KAFKA_BROKERS, KAFKA_TOPIC (default 'orders'), KAFKA_CA_FILE (examples/README.md). Credentials:
// the AWS default chain. Region: AWS_REGION (an OAUTHBEARER token is signed for the region, not for a broker,
// so there is no broker name to read it from).
import { readFileSync } from 'node:fs'
import { Producer, stringSerializers } from '@platformatic/kafka'
import { explainError, mskIamOAuthBearer } from 'kafkajs-msk-iam'

const bootstrapBrokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean)
if (bootstrapBrokers.length === 0) throw new Error('set KAFKA_BROKERS to the IAM bootstrap brokers (host:9098,…)')
const topic = process.env.KAFKA_TOPIC ?? 'orders'

// One token source per application: it caches the credentials and the token, and the client asks it again
// for every new connection and re-authentication.
const iam = mskIamOAuthBearer()

const producer = new Producer({
  clientId: 'orders-platformatic',
  bootstrapBrokers,
  tls: process.env.KAFKA_CA_FILE ? { ca: readFileSync(process.env.KAFKA_CA_FILE, 'utf8') } : {},
  // Send the broker's name in the TLS handshake (SNI), as Java and kafkajs do.
  tlsServerName: true,
  sasl: iam.platformatic(),
  serializers: stringSerializers,
})

async function main(): Promise<void> {
  try {
    const { offsets = [] } = await producer.send({
      messages: [{ topic, key: 'order-3', value: JSON.stringify({ id: 'order-3', total: 42 }) }],
    })
    const [written] = offsets
    console.log(`sent 1 message to ${topic}: partition ${written?.partition}, offset ${written?.offset}`)
  } finally {
    await producer.close()
  }
}

main().catch((error: unknown) => {
  console.error(String(explainError(error))) // the typed MskIamError (code, cause, fix) when there is one
  process.exit(1)
})
