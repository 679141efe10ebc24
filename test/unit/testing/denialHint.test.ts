// The decision log's hints: what to do about a refusal, from the verifier's detail.
import { denialHint } from '../../../src/testing/denialHint.js'

describe('denialHint', () => {
  it.each([
    [
      "signed for host '127.0.0.1', expected 'b-1.local.abc123.c1.kafka.us-east-1.amazonaws.com'",
      /signed for an IP address.*advertised name/,
    ],
    ["signed for host 'my-alias.example', expected 'b-1.x'", /sign for the name it connects to/],
    ["unknown access key 'AKIDX'", /does not know this access key/],
    ["signature mismatch for access key 'AKIDX'", /secret access key differs/],
    [
      "credential scope region 'us-west-2', broker region 'us-east-1'",
      /signed for region us-west-2, the cluster is in us-east-1/,
    ],
    ["session token missing for temporary access key 'ASIAX'", /session token/],
    ['signature expired 12 s ago (x-amz-date 20260101T000000Z, x-amz-expires 900)', /outlived its x-amz-expires/],
    ["credentials for access key 'ASIAX' expired at 2026-01-01T00:00:00.000Z", /have expired/],
    [
      'SaslAuthenticate needs kafka-cluster:Connect on arn:aws:kafka:us-east-1:1:cluster/c/u: no statement allows it',
      /do not allow kafka-cluster:Connect.*suggestion/,
    ],
  ])('%s', (detail, hint) => {
    expect(denialHint('Access denied', detail)).toMatch(hint)
  })
  it('explains Too many connects', () => {
    expect(denialHint('Too many connects', 'connection rate limit reached')).toMatch(/backoff of 1 s/)
  })
  it('says nothing when it has nothing to add', () => {
    expect(denialHint('Invalid authentication payload', 'payload is not JSON')).toBeUndefined()
  })
})
