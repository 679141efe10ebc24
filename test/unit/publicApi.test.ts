// Pins the runtime exports of each entry point: adding or removing one must be a deliberate change here.
import * as root from '../../src/index.js'

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
})
