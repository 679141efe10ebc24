// The server.properties that load the authorizer, and the strings both sides of the HTTP contract spell:
// the TypeScript constants must be the ones the Java sources use (a mismatch would deny everything).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import {
  UPSTREAM_LISTENER,
  authorizerServerProperties,
} from '../../../../src/testing/authorization/authorizerServerProperties.js'
import {
  AUTHORIZER_CLASS,
  AUTHORIZER_PROPERTY,
  DECISION_PATH,
  EMULATOR_PRINCIPAL_PREFIX,
} from '../../../../src/testing/authorization/constants.js'

const JAVA = path.join(__dirname, '../../../../java/authorizer/src/main/java')
const javaSource = (className: string): string =>
  readFileSync(path.join(JAVA, ...AUTHORIZER_CLASS.split('.').slice(0, -1), `${className}.java`), 'utf8')

describe('authorizerServerProperties', () => {
  it('loads the authorizer and lets the upstream listener take unsecured OAUTHBEARER tokens', () => {
    expect(authorizerServerProperties({ serviceUrl: 'http://127.0.0.1:4321', requestTimeoutMs: 1500 })).toEqual({
      'authorizer.class.name': 'dev.kafkajsmskiam.authorizer.MskIamAuthorizer',
      'msk.iam.authorizer.url': 'http://127.0.0.1:4321',
      'msk.iam.authorizer.request.timeout.ms': '1500',
      'msk.iam.authorizer.poll.wait.ms': '20000',
      'listener.name.iam_upstream.sasl.enabled.mechanisms': 'OAUTHBEARER',
      'listener.name.iam_upstream.oauthbearer.sasl.jaas.config':
        'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;',
      'listener.name.iam_upstream.oauthbearer.connections.max.reauth.ms': '0',
    })
    expect(UPSTREAM_LISTENER).toEqual({ name: 'IAM_UPSTREAM', securityProtocol: 'SASL_PLAINTEXT' })
  })

  it('prefixes the SASL settings with another listener name, lower-cased as Kafka wants', () => {
    const props = authorizerServerProperties({ serviceUrl: 'http://127.0.0.1:1', listenerName: 'UP_2' })
    expect(Object.keys(props).filter((k) => k.startsWith('listener.name.'))).toEqual([
      'listener.name.up_2.sasl.enabled.mechanisms',
      'listener.name.up_2.oauthbearer.sasl.jaas.config',
      'listener.name.up_2.oauthbearer.connections.max.reauth.ms',
    ])
  })
})

describe('the contract with the Java authorizer', () => {
  it('names the class that exists', () => {
    const className = AUTHORIZER_CLASS.split('.').at(-1)!
    const source = javaSource(className)
    expect(source).toContain(`package ${AUTHORIZER_CLASS.split('.').slice(0, -1).join('.')};`)
    expect(source).toContain(`public final class ${className} implements Authorizer`)
    expect(source).toContain(`PRINCIPAL_PREFIX = "${EMULATOR_PRINCIPAL_PREFIX}"`)
  })

  it('uses the same property names and HTTP paths', () => {
    const settings = javaSource('AuthorizerSettings')
    for (const name of Object.values(AUTHORIZER_PROPERTY)) expect(settings).toContain(`"${name}"`)
    const client = javaSource('DecisionClient')
    expect(client).toContain(`"${DECISION_PATH.AUTHORIZE}"`)
    expect(client).toContain(`"${DECISION_PATH.GENERATION}?authorizer="`)
  })
})
