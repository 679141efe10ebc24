import * as net from 'node:net'

/**
 * What a user can do about a refused authentication, from the verifier's detail (which says what was
 * wrong, e.g. "signed for host '127.0.0.1', expected 'b-1…'"). Undefined when the detail says it all.
 */
export function denialHint(reason: string, detail: string): string | undefined {
  if (reason === 'Too many connects') {
    return 'MSK limits new IAM connections per broker: reconnect with a backoff of 1 s or more, reuse clients, or raise the emulator limit (connectionLimits)'
  }
  const host = /^signed for host '([^']*)'/.exec(detail)?.[1]
  if (host !== undefined) {
    return net.isIP(host.replace(/^\[|\]$/g, '')) !== 0
      ? 'the client signed for an IP address; MSK checks the broker name: connect by the advertised name (resolve it with the emulator lookup/socketFactory or a hosts file) or as localhost'
      : 'the client must sign for the name it connects to (its TLS server name): connect by the advertised broker name, not an alias'
  }
  if (detail.startsWith('SaslAuthenticate needs kafka-cluster:Connect'))
    return 'the signature is good, but the policies do not allow kafka-cluster:Connect on the cluster ARN: add the statement in `suggestion` (to the policy it names)'
  if (detail.startsWith('unknown access key'))
    return 'the emulator does not know this access key: give the client one of its identities (the CLI prints the one it accepts) or add it (--identities, addIdentity())'
  if (detail.startsWith('signature mismatch'))
    return 'the secret access key differs from the one the emulator has for this access key'
  const region = /^credential scope region '([^']*)', broker region '([^']*)'/.exec(detail)
  if (region !== null)
    return `the client signed for region ${region[1]}, the cluster is in ${region[2]}: set the client's region (awsMskIam({ region })) or the emulator's`
  if (detail.startsWith('session token'))
    return 'temporary credentials need their session token, and long-term keys none: pass the credentials exactly as issued'
  if (detail.startsWith('signature expired'))
    return 'the signature outlived its x-amz-expires: the client reused an old token, or its clock is behind'
  if (detail.startsWith('clock skew')) return "the client's clock is ahead of the emulator's"
  if (/^credentials for access key .* expired/.test(detail))
    return 'these credentials have expired: the client must fetch fresh ones before signing'
  return undefined
}
