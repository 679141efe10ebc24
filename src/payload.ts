import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import type { AwsCredentialIdentity } from '@smithy/types'
import {
  CONNECT_ACTION,
  DEFAULT_EXPIRES_SECONDS,
  MIN_SIGNATURE_SECONDS,
  PAYLOAD_VERSION,
  SIGNING_SERVICE,
} from './constants.js'
import { MskIamError } from './errors.js'

/** Everything one signature depends on; nothing is read from globals. */
export interface PayloadInput {
  /** Broker hostname as the client connected to it, without port. */
  host: string
  region: string
  /** One snapshot of the credentials, used for the whole signature. */
  credentials: AwsCredentialIdentity
  /** Signing time, epoch ms. */
  now: number
  userAgent: string
}

/** The query a presigned `kafka-cluster:Connect` URL carries, as signed. */
export interface PresignedQuery {
  'X-Amz-Algorithm': string
  'X-Amz-Credential': string
  'X-Amz-Date': string
  'X-Amz-Expires': string
  'X-Amz-SignedHeaders': string
  'X-Amz-Signature': string
  'X-Amz-Security-Token'?: string
}

const sha256 = Hash.bind(null, 'sha256')

/**
 * Seconds the signature is valid: 900, or the whole seconds the credentials have left if fewer. Always a
 * positive integer (MSK rejects anything else); already-expired credentials are an error.
 */
export function expiresInSeconds(credentials: AwsCredentialIdentity, now: number): number {
  const expiration = credentials.expiration?.getTime()
  if (expiration === undefined || Number.isNaN(expiration)) return DEFAULT_EXPIRES_SECONDS
  const left = Math.floor((expiration - now) / 1000)
  // A signature valid for a second or two expires in flight and reads as "Access denied" (not retriable).
  if (left < MIN_SIGNATURE_SECONDS) {
    throw new MskIamError(
      'CREDENTIALS_EXPIRED',
      `The AWS credentials for access key ${credentials.accessKeyId} have expired or expire within ${MIN_SIGNATURE_SECONDS} s ` +
        `(at ${new Date(expiration).toISOString()}) ` +
        'and the credential source returned nothing newer. Check the source (role session duration, ' +
        'instance/container metadata, credential_process) and the machine clock.',
      { accessKeyId: credentials.accessKeyId, retriable: true },
    )
  }
  return Math.min(DEFAULT_EXPIRES_SECONDS, left)
}

/**
 * SigV4-presigns `GET https://<host>/?Action=kafka-cluster%3AConnect` for service `kafka-cluster`, signing
 * only the `host` header over an empty payload, exactly as AWS's reference library does.
 */
export async function presignConnect(
  input: Pick<PayloadInput, 'region' | 'credentials' | 'now'>,
  host: string,
  expiresIn: number,
): Promise<PresignedQuery> {
  const signer = new SignatureV4({
    service: SIGNING_SERVICE,
    region: input.region,
    credentials: input.credentials,
    sha256,
    applyChecksum: false,
  })
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname: host,
      path: '/',
      query: { Action: CONNECT_ACTION },
      headers: { host },
    },
    { signingDate: new Date(input.now), expiresIn },
  )
  return signed.query as unknown as PresignedQuery
}

/**
 * The AWS_MSK_IAM client payload: compact JSON, raw (not URL-encoded) string values, in the key order of
 * the reference library's bytes (the broker parses JSON, so order only matters for byte equality):
 *   {"x-amz-date","x-amz-signedheaders","x-amz-signature","host","action","x-amz-expires",
 *    ["x-amz-security-token",] "version","x-amz-algorithm","x-amz-credential","user-agent"}
 */
export function serializePayload(host: string, userAgent: string, query: PresignedQuery): string {
  const payload: Record<string, string> = {
    'x-amz-date': query['X-Amz-Date'],
    'x-amz-signedheaders': query['X-Amz-SignedHeaders'],
    'x-amz-signature': query['X-Amz-Signature'],
    host,
    action: CONNECT_ACTION,
    'x-amz-expires': query['X-Amz-Expires'],
  }
  if (query['X-Amz-Security-Token'] !== undefined) payload['x-amz-security-token'] = query['X-Amz-Security-Token']
  payload['version'] = PAYLOAD_VERSION
  payload['x-amz-algorithm'] = query['X-Amz-Algorithm']
  payload['x-amz-credential'] = query['X-Amz-Credential']
  payload['user-agent'] = userAgent
  return JSON.stringify(payload)
}

/** Signs and serializes one AWS_MSK_IAM payload. `expiresIn` overrides the credential-derived default. */
export async function createPayload(
  input: PayloadInput,
  expiresIn = expiresInSeconds(input.credentials, input.now),
): Promise<string> {
  const query = await presignConnect(input, input.host, expiresIn)
  return serializePayload(input.host, input.userAgent, query)
}
