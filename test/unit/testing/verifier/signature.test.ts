// The SigV4 core of the emulator's verifier, checked step by step against the shared vectors, which were
// produced by two other SigV4 implementations.
import { payloadVectors, type PayloadVector } from '../../../helpers/vectors.js'
import {
  canonicalQuery,
  canonicalRequest,
  EMPTY_BODY_SHA256,
  uriEncode,
} from '../../../../src/testing/verifier/canonicalRequest.js'
import { presignedQueryParams } from '../../../../src/testing/verifier/presignedQueryParams.js'
import { signature, signingKey, stringToSign } from '../../../../src/testing/verifier/signature.js'

type Vector = PayloadVector
const vectors = payloadVectors

function paramsOf(v: Vector) {
  const { accessKeyId, amzDate, region } = v.inputs
  return presignedQueryParams({
    action: 'kafka-cluster:Connect',
    algorithm: 'AWS4-HMAC-SHA256',
    credential: `${accessKeyId}/${amzDate.slice(0, 8)}/${region}/kafka-cluster/aws4_request`,
    amzDate,
    expires: String(v.inputs.expiresSeconds),
    securityToken: v.inputs.sessionToken ?? undefined,
    signedHeaders: 'host',
  })
}

function scopeOf(v: Vector) {
  return { date: v.inputs.amzDate.slice(0, 8), region: v.inputs.region, service: 'kafka-cluster' }
}

describe('verifier SigV4 core against the shared vectors', () => {
  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(3)
  })

  describe.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    it('rebuilds the canonical request', () => {
      expect(canonicalRequest(v.inputs.host, paramsOf(v))).toBe(v.canonicalRequest)
    })

    it('rebuilds the string to sign', () => {
      expect(stringToSign(v.inputs.amzDate, scopeOf(v), v.canonicalRequest)).toBe(v.stringToSign)
    })

    it('recomputes the signature', () => {
      expect(signature(v.inputs.secretAccessKey, scopeOf(v), v.stringToSign)).toBe(v.signature)
    })

    it('does not depend on parameter order', () => {
      const reversed = [...paramsOf(v)].reverse()
      expect(canonicalRequest(v.inputs.host, reversed)).toBe(v.canonicalRequest)
    })
  })
})

describe('uriEncode', () => {
  it('keeps exactly the RFC 3986 unreserved characters', () => {
    expect(uriEncode('AZaz09-_.~')).toBe('AZaz09-_.~')
    expect(uriEncode("/:+= !'()*&?#%")).toBe('%2F%3A%2B%3D%20%21%27%28%29%2A%26%3F%23%25')
  })

  it('encodes UTF-8 bytes in upper-case hex', () => {
    expect(uriEncode('é€😀')).toBe('%C3%A9%E2%82%AC%F0%9F%98%80')
  })

  it('does not throw on a lone surrogate', () => {
    expect(uriEncode('\uD800')).toBe('%EF%BF%BD')
  })
})

describe('canonicalQuery', () => {
  it('sorts by encoded name in byte order, then by value', () => {
    expect(
      canonicalQuery([
        ['b', '2'],
        ['a', 'z'],
        ['B', '1'],
        ['a', 'y'],
      ]),
    ).toBe('B=1&a=y&a=z&b=2')
  })
})

describe('signingKey', () => {
  it('derives the key of the AWS SigV4 documentation example', () => {
    // From the SigV4 "derive a signing key" example (secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY).
    const key = signingKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', {
      date: '20120215',
      region: 'us-east-1',
      service: 'iam',
    })
    expect(key.toString('hex')).toBe('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d')
  })

  it('hashes the empty payload as SigV4 presigning expects', () => {
    expect(EMPTY_BODY_SHA256).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})
