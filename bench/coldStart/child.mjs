// One cold-start sample, ES modules: child.cjs's twin for an application that uses `import` (this package's
// ESM build; the peers, which ship CommonJS only, through Node's import of CommonJS).
import { createRequire } from 'node:module'

const start = performance.now()
const [variant, mode] = process.argv.slice(2)
const kafkajs = (await import('kafkajs')).default
const afterKafkajs = performance.now()
// CommonJS modules imported from ES modules are in the require cache too (this package's ESM build is not).
const requireCache = createRequire(import.meta.url).cache
const modulesBefore = Object.keys(requireCache).length
const sasl = await saslFor(variant)
const afterPlugin = performance.now()

async function saslFor(name) {
  const region = process.env.AWS_REGION
  switch (name) {
    case 'ours':
      return (await import('kafkajs-msk-iam')).awsMskIam()
    case 'ours-oauth':
      return (await import('kafkajs-msk-iam')).mskIamOAuthBearer().kafkajs()
    case 'jm18457':
      return (await import('@jm18457/kafkajs-msk-iam-authentication-mechanism')).createMechanism({ region })
    case 'signer': {
      const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js')
      return {
        mechanism: 'oauthbearer',
        oauthBearerProvider: async () => ({ value: (await generateAuthToken({ region })).token }),
      }
    }
    default:
      throw new Error(`unknown variant ${name}`)
  }
}

const { run } = createRequire(import.meta.url)('./sample.cjs')
await run({ kafkajs, sasl, mode, marks: { start, afterKafkajs, afterPlugin, modulesBefore } }).catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`)
  process.exit(1)
})
