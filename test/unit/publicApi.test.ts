// Pins the runtime exports of each entry point: adding or removing one must be a deliberate change here.
import * as root from '../../src/index.js'
import * as testing from '../../src/testing/index.js'

describe('public API', () => {
  it('kafkajs-msk-iam exports exactly these values', () => {
    expect(Object.keys(root).sort()).toEqual([
      'MskIamError',
      'awsMskIam',
      'explainError',
      'generateAuthToken',
      'generateAuthTokenFromCredentialsProvider',
      'generateAuthTokenFromProfile',
      'generateAuthTokenFromRole',
      'isMskIamError',
      'mskIamOAuthBearer',
      'proactiveReauthentication',
      'regionFromHost',
    ])
  })

  it('kafkajs-msk-iam/testing exports exactly these values', () => {
    expect(Object.keys(testing).sort()).toEqual([
      'KAFKA_APIS',
      'LocalKafkaError',
      'MSK_ACTIONS',
      'TEST_CA_CERT',
      'TEST_SERVER_CERT',
      'TEST_SERVER_KEY',
      'UPSTREAM_LISTENER',
      'authorizerServerProperties',
      'checkWorkload',
      'clusterArn',
      'compilePolicy',
      'compilePolicySet',
      'decideKafkaCheck',
      'defaultBrokerHost',
      'ensureAuthorizerJar',
      'evaluatePolicies',
      'explainDecision',
      'groupArn',
      'jsonLineLogger',
      'kafkaAclToIam',
      'kafkaCacheRoot',
      'lintPolicy',
      'parseMskArn',
      'parsePolicy',
      'recordPolicy',
      'startKafkaCluster',
      'startLocalMsk',
      'startMskIamEmulator',
      'topicArn',
      'transactionalIdArn',
      'verifyIamPayload',
      'verifyOauthBearer',
      'workloadRequirements',
    ])
  })

  it('keeps the policy evaluator out of the main entry', () => {
    expect(Object.keys(root)).not.toContain('evaluatePolicies')
  })
})
