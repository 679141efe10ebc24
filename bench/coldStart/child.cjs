// One cold-start sample, CommonJS: a fresh Node process, as a Lambda starts. Loads kafkajs, then one plugin
// by name the way its README shows, then (sample.cjs) one kafkajs authentication against a canned broker
// answer, or one produced message through the emulator. Credentials and region come from the environment,
// as Lambda sets them. Usage: node child.cjs <ours|ours-oauth|jm18457|signer> <authenticate|produce>
'use strict'
const start = performance.now()
const [variant, mode] = process.argv.slice(2)
const kafkajs = require('kafkajs')
const afterKafkajs = performance.now()
const modulesBefore = Object.keys(require.cache).length
const sasl = saslFor(variant)
const afterPlugin = performance.now()

function saslFor(name) {
  const region = process.env.AWS_REGION
  switch (name) {
    case 'ours':
      return require('kafkajs-msk-iam').awsMskIam()
    case 'ours-oauth':
      return require('kafkajs-msk-iam').mskIamOAuthBearer().kafkajs()
    case 'jm18457':
      return require('@jm18457/kafkajs-msk-iam-authentication-mechanism').createMechanism({ region })
    case 'signer': {
      const { generateAuthToken } = require('aws-msk-iam-sasl-signer-js')
      return {
        mechanism: 'oauthbearer',
        oauthBearerProvider: async () => ({ value: (await generateAuthToken({ region })).token }),
      }
    }
    default:
      throw new Error(`unknown variant ${name}`)
  }
}

require('./sample.cjs')
  .run({ kafkajs, sasl, mode, marks: { start, afterKafkajs, afterPlugin, modulesBefore } })
  .catch((error) => {
    process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`)
    process.exit(1)
  })
