import { isIP } from 'node:net'
import { isoTime } from './isoTime.js'
import { regionFromHost } from './region.js'

// MSK answers every failed signature check with the same "Access denied". The client knows what it signed
// (host, region, access key, its clock), so the message leads with the cause those facts point to.

/** What was signed when the broker said "Access denied". */
export interface SignedFacts {
  broker: string
  /** The host the payload was signed for (kafkajs's `host`). */
  host: string
  region: string | undefined
  accessKeyId: string | undefined
  /** Epoch ms, to show the local clock (a skewed clock is one of the causes). */
  now: number | undefined
}

/** The message of ACCESS_DENIED; `tag` names the request-id. */
export function accessDeniedText(facts: SignedFacts, tag: string): string {
  const { broker, host, region } = facts
  const signed =
    `Broker ${broker} denied access${tag} to access key ${facts.accessKeyId ?? '(unknown)'} signing for host ` +
    `${host} in region ${region ?? '(unknown)'}.`
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
  if (isIP(bare) !== 0) {
    return (
      `${signed} The client signed for the IP address ${host}: MSK checks the signature against the broker's DNS ` +
      'name (b-N.<cluster>.<id>.cN.kafka.<region>.amazonaws.com), so a connection made by IP address is always ' +
      "denied. Put the brokers' names in kafkajs's brokers list, not their addresses."
    )
  }
  const clock = facts.now === undefined ? '' : ` (this machine's clock reads ${isoTime(facts.now)})`
  const alias =
    regionFromHost(host) === undefined
      ? `${host} is not an MSK broker name (if it is a DNS alias of the brokers, connect with the names MSK advertises: the signature names the host); `
      : ''
  return (
    `${signed} Likely causes: ${alias}the secret access key does not belong to that access key id (a wrong or ` +
    'rotated secret); the IAM policy lacks kafka-cluster:Connect; its resource ARN names another cluster, account or ' +
    `region (arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>); ${region ?? 'the signing region'} is not the ` +
    `cluster's region (set the region option); the clock is more than 5 minutes off${clock}; or the credentials were ` +
    'revoked or have expired.'
  )
}
