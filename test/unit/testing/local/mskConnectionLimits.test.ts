// MSK's connection-limit presets by profile and broker type.
import { mskConnectionLimits } from '../../../../src/testing/local/mskConnectionLimits.js'

describe('mskConnectionLimits', () => {
  it.each([
    ['kafka.m5.large', 20],
    ['kafka.m7g.xlarge', 20],
    ['express.m7g.large', 20],
    ['kafka.t3.small', 4],
  ])('provisioned %s: %i new connections per second and 3000 open, per broker', (instanceType, perSecond) => {
    expect(mskConnectionLimits('provisioned', instanceType)).toEqual({
      perSecond,
      maxConnections: 3000,
      scope: 'broker',
    })
  })
  it('serverless: 100 attempts per second and 1000 connections for the whole cluster', () => {
    expect(mskConnectionLimits('serverless', 'kafka.m5.large')).toEqual({
      perSecond: 100,
      maxConnections: 1000,
      scope: 'cluster',
    })
  })
})
