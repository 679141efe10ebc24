// The cold-start retry is one recommendation: the README, the reliability guide and the Lambda example quote
// the retry that the library's TOO_MANY_CONNECTS message and the doctor's verdict give, and the benchmark
// measures (bench/sections/coldStartStorm.ts takes it from src/constants.ts).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { mapAuthenticationError } from '../../../src/brokerErrors.js'
import { COLD_START_RETRY, COLD_START_RETRY_TEXT } from '../../../src/constants.js'

const ROOT = path.resolve(__dirname, '../../..')
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8')

describe('the cold-start retry', () => {
  it('is jittered: a randomization factor that leaves waits below maxRetryTime', () => {
    // kafkajs: next wait = min(random(t - factor·t, t + factor·t) × multiplier (2), maxRetryTime). At the cap,
    // a wait below it needs (1 - factor) × 2 < 1.
    expect((1 - COLD_START_RETRY.factor) * 2).toBeLessThan(1)
    expect(COLD_START_RETRY_TEXT).toBe('retry: { initialRetryTime: 100, maxRetryTime: 500, factor: 1, retries: 40 }')
  })

  it.each(['README.md', 'docs/reliability.md', 'examples/lambda-producer.ts'])('%s quotes it', (file) => {
    expect(read(file)).toContain(COLD_START_RETRY_TEXT)
  })

  it('is what a TOO_MANY_CONNECTS error recommends', () => {
    const error = mapAuthenticationError(new Error('[abc-123]: Too many connects'), {
      broker: 'b-1.c.x.c1.kafka.us-east-1.amazonaws.com:9098',
    })
    expect(error.code).toBe('TOO_MANY_CONNECTS')
    expect(error.message).toContain(COLD_START_RETRY_TEXT)
  })
})
