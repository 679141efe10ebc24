// The bench's canned broker answers must be answers each plugin accepts as a success: when they are not,
// the bench's signing, memory and cold-start sections fail only when someone runs `npm run bench` (this
// happened when OAUTHBEARER moved onto our authenticator, which reads a non-empty answer as an error).
import { fakeAuthenticator } from '../../../bench/lib/fakeSasl.js'
import { PLUGINS } from '../../../bench/lib/plugins.js'

const CREDENTIALS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'bench-secret-not-real' }
const HOST = 'b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com'

describe('bench/lib/fakeSasl', () => {
  it.each(PLUGINS.map((plugin) => [plugin.id, plugin] as const))(
    '%s authenticates against the canned answer and sends its payload',
    async (_id, plugin) => {
      const auth = fakeAuthenticator(plugin.sasl(CREDENTIALS))
      await auth.authenticate(HOST)
      expect(auth.bytes()).toBeGreaterThan(100)
    },
  )
})
