// sts:GetCallerIdentity without an SDK client: the doctor's caller-identity check and the aws-msk-iam-sasl-signer-js
// compatible `awsDebugCreds` log line both ask STS who the credentials belong to. Neither owns the call.
import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import type { AwsCredentialIdentity } from '@smithy/types'
import type { Clock } from '../clock.js'
import { skewFromDate } from './skewFromDate.js'
import { stsEndpoint } from './stsEndpoint.js'

export interface CallerIdentityInput {
  credentials: AwsCredentialIdentity
  region: string
  /** Full URL; default the regional STS endpoint of `region`. */
  endpoint: string | undefined
  clock: Clock
  timeoutMs: number
}

/**
 * What STS said. `skewMs` (local clock minus STS's Date header) is there whenever STS answered at all, errors
 * included.
 */
export type CallerIdentityAnswer =
  | { kind: 'identity'; arn: string | undefined; account: string | undefined; skewMs?: number }
  | { kind: 'refused'; code: string; message: string; skewMs?: number }
  | { kind: 'unreachable'; origin: string; reason: string }

const BODY = 'Action=GetCallerIdentity&Version=2011-06-15'

/** sts:GetCallerIdentity, signed with SigV4 by hand and sent with the global fetch. */
export async function getCallerIdentity(input: CallerIdentityInput): Promise<CallerIdentityAnswer> {
  const url = new URL(input.endpoint ?? stsEndpoint(input.region))
  const signer = new SignatureV4({
    service: 'sts',
    region: input.region,
    credentials: input.credentials,
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  })
  const headers = { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
  const sentAt = input.clock.now()
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers,
      body: BODY,
    },
    { signingDate: new Date(sentAt) },
  )
  const { host: _host, ...sendHeaders } = signed.headers
  let response: Response
  let text: string
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: sendHeaders,
      body: BODY,
      signal: AbortSignal.timeout(input.timeoutMs),
    })
    text = await response.text()
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${input.timeoutMs} ms`
        : error instanceof Error
          ? error.message
          : String(error)
    return { kind: 'unreachable', origin: url.origin, reason }
  }
  const skewMs = skewFromDate(response.headers.get('date'), sentAt, input.clock.now())
  const skew = skewMs === undefined ? {} : { skewMs }
  if (response.ok) return { kind: 'identity', arn: xmlValue(text, 'Arn'), account: xmlValue(text, 'Account'), ...skew }
  return {
    kind: 'refused',
    code: xmlValue(text, 'Code') ?? `HTTP ${response.status}`,
    message: xmlValue(text, 'Message') ?? '',
    ...skew,
  }
}

/** One line for people: the ARN and account, or why STS could not say. */
export function describeCallerIdentity(answer: CallerIdentityAnswer): string {
  switch (answer.kind) {
    case 'identity':
      return answer.arn
        ? `${answer.arn}${answer.account ? ` (account ${answer.account})` : ''}`
        : 'STS answered without an ARN'
    case 'refused':
      return `STS refused (${answer.code}${answer.message ? `: ${answer.message.slice(0, 200)}` : ''})`
    case 'unreachable':
      return `could not reach STS at ${answer.origin} (${answer.reason}): no route to STS from here? (a VPC endpoint for STS, or a proxy)`
  }
}

function xmlValue(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]{1,2048})</${tag}>`).exec(xml)
  return match?.[1]
    ?.replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
}
