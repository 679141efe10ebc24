import { Hash } from '@smithy/hash-node'
import { SignatureV4 } from '@smithy/signature-v4'
import type { AwsCredentialIdentity } from '@smithy/types'
import type { Clock } from '../clock.js'
import { partitionOf } from '../partition.js'
import type { CheckResult } from './doctorTypes.js'
import { errorMessage } from './doctorUtil.js'

export interface CallerIdentityInput {
  credentials: AwsCredentialIdentity
  region: string
  /** Full URL; default the regional STS endpoint of `region`. */
  endpoint: string | undefined
  clock: Clock
  timeoutMs: number
}

export interface CallerIdentityOutcome {
  result: CheckResult
  /** Local clock minus STS's Date header, when STS answered at all. */
  skewMs?: number
}

const BODY = 'Action=GetCallerIdentity&Version=2011-06-15'

/** The regional STS endpoint, under the DNS suffix of the region's partition. */
export function stsEndpoint(region: string): string {
  return `https://sts.${region}.${partitionOf(region).dnsSuffix}/`
}

/**
 * sts:GetCallerIdentity, signed with SigV4 by hand and sent with the global fetch (no SDK client): who
 * the credentials belong to, and STS's clock from its Date header, which answers errors too.
 */
export async function checkCallerIdentity(input: CallerIdentityInput): Promise<CallerIdentityOutcome> {
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
    const why =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${input.timeoutMs} ms`
        : errorMessage(error)
    const summary = `could not reach STS at ${url.origin} (${why}): no route to STS from here? (a VPC endpoint for STS, or a proxy)`
    return {
      result: {
        check: 'caller-identity',
        status: 'fail',
        summary,
        failure: 'caller-identity-failed',
        facts: { region: input.region },
      },
    }
  }
  const skewMs = skewFromDate(response.headers.get('date'), sentAt, input.clock.now())
  const skew = skewMs === undefined ? {} : { skewMs }
  if (response.ok) {
    const arn = xmlValue(text, 'Arn')
    const account = xmlValue(text, 'Account')
    const summary = arn ? `${arn}${account ? ` (account ${account})` : ''}` : 'STS answered without an ARN'
    return {
      result: {
        check: 'caller-identity',
        status: arn ? 'pass' : 'warn',
        summary,
        facts: { region: input.region, accessKeyId: input.credentials.accessKeyId },
      },
      ...skew,
    }
  }
  const code = xmlValue(text, 'Code') ?? `HTTP ${response.status}`
  const message = xmlValue(text, 'Message') ?? ''
  const summary = `STS refused (${code}${message ? `: ${message.slice(0, 200)}` : ''})`
  const facts = { region: input.region, accessKeyId: input.credentials.accessKeyId, errorCode: code, message }
  return {
    result: { check: 'caller-identity', status: 'fail', summary, failure: 'caller-identity-failed', facts },
    ...skew,
  }
}

/** HTTP dates have whole seconds: compare the middle of the exchange with the middle of STS's second. */
export function skewFromDate(date: string | null, sentAt: number, receivedAt: number): number | undefined {
  const serverMs = date ? Date.parse(date) : NaN
  if (Number.isNaN(serverMs)) return undefined
  return Math.round((sentAt + receivedAt) / 2 - (serverMs + 500))
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
