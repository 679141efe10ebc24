import { stsEndpoint } from '../../../src/sts/stsEndpoint.js'

describe('stsEndpoint', () => {
  it.each([
    ['us-east-1', 'https://sts.us-east-1.amazonaws.com/'],
    ['cn-northwest-1', 'https://sts.cn-northwest-1.amazonaws.com.cn/'],
    ['us-gov-west-1', 'https://sts.us-gov-west-1.amazonaws.com/'],
    ['eusc-de-east-1', 'https://sts.eusc-de-east-1.amazonaws.eu/'],
    ['us-isob-east-1', 'https://sts.us-isob-east-1.sc2s.sgov.gov/'],
  ])('%s → %s (the partition’s DNS suffix)', (region, url) => {
    expect(stsEndpoint(region)).toBe(url)
  })
})
