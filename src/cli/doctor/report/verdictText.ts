import { IAM_PORTS } from '../../../constants.js'
import type { FailureKind, FindingFacts } from '../types.js'
import { describeSkew, formatDuration } from '../formatDuration.js'

const IAM_PORT_ADVICE = `AWS_MSK_IAM is served over TLS on port ${IAM_PORTS.private} inside the VPC and ${IAM_PORTS.public} with public access`

/**
 * The plain-words explanation of one kind of failure: what it means and what to change. `where` names the
 * broker(s) it was seen at; `f` holds the facts of the first of them.
 */
export function verdictText(kind: FailureKind, f: FindingFacts, where: string): string {
  const rid = f.requestId ? ` (request-id ${f.requestId})` : ''
  switch (kind) {
    case 'credentials-unavailable':
      return `No usable AWS credentials from ${f.credentialSource ?? 'the credential source'}${f.message ? `: ${f.message}` : ''}. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile (after "aws sso login" for SSO profiles), or run where an instance, task or pod role is available.`
    case 'region-unresolved':
      return `The signing region is unknown at ${where}: the broker name carries none (a custom DNS name?) and neither AWS_REGION nor the profile sets one. Pass --region with the cluster's region here, and awsMskIam({ region }) in the client.`
    case 'dns-failed':
      return `${where} does not resolve${f.errorCode ? ` (${f.errorCode})` : ''}. Copy the bootstrap string from the MSK console ("View client information") or "aws kafka get-bootstrap-brokers"; private broker names resolve only inside the cluster's VPC (with DNS resolution enabled) or through Route 53 Resolver rules.`
    case 'unreachable':
      if (f.errorCode === 'ECONNREFUSED') {
        return `Connection refused at ${where}: the host is reachable but nothing listens on port ${f.port}. ${IAM_PORT_ADVICE}; the port must belong to an authentication type enabled on the cluster.`
      }
      return `${where} is unreachable${f.errorCode === 'ETIMEDOUT' ? ` (no answer within ${f.timeoutMs} ms)` : f.errorCode ? ` (${f.errorCode})` : ''}: the network path is blocked. Check the cluster's security group (inbound TCP ${f.port} from this machine or its security group), the subnets' NACLs and route tables, and that this machine is in the cluster's VPC or a peered / Transit Gateway network. From outside AWS the cluster needs public access (port ${IAM_PORTS.public}).`
    case 'wrong-port':
      if (f.errorCode === 'TLS_REPLY') {
        return `${where} answered with TLS: MSK's IAM listeners require TLS. Drop --no-tls here, and keep ssl: true in kafkajs.`
      }
      if (f.errorCode === 'TLS_EXPECTED') {
        return `${where} hung up on a plaintext Kafka request: MSK's IAM listeners (9098, 9198) require TLS, so drop --no-tls here and keep ssl: true in kafkajs. If the port really is plaintext, it has no SASL: use 9098/9198, not 9092.`
      }
      return `The TLS handshake with ${where} failed without a certificate error, so that port does not speak TLS. Is this the plaintext port 9092? ${IAM_PORT_ADVICE}: use the IAM bootstrap string (or --no-tls if this really is a plaintext test listener).`
    case 'tls-certificate':
      return `TLS to ${where} failed on the certificate${f.errorCode ? ` (${f.errorCode})` : ''}. MSK's certificates come from Amazon Trust Services, which Node trusts by default: this usually means a TLS-inspecting proxy (pass its CA with --ca and to kafkajs's ssl.ca), a custom DNS name (the certificate covers the broker names only), or a wrong clock${f.localTime ? ` (this machine reads ${f.localTime})` : ''}.`
    case 'no-answer':
      return `${where} accepted the connection but did not answer Kafka requests${f.timeoutMs ? ` within ${f.timeoutMs} ms` : ''}: is it a Kafka listener? With --no-tls, a TLS port waits silently for a handshake.`
    case 'mechanism-not-enabled':
      return `${where} does not offer AWS_MSK_IAM${f.mechanisms && f.mechanisms.length > 0 ? ` (it offers ${f.mechanisms.join(', ')})` : ' (no SASL on that listener)'}. Use 9098/9198, not 9092/9094/9096: ${IAM_PORT_ADVICE}, while 9092 is plaintext, 9094 TLS without authentication and 9096 SASL/SCRAM. Also check that IAM access control is turned on in the cluster's security settings.`
    case 'access-denied':
      return accessDenied(f, where, rid)
    case 'clock-skew':
      return `${where === 'the broker' ? '' : `The "Access denied" at ${where} comes from the clock. `}This machine's clock is ${f.skewMs === undefined ? 'off' : describeSkew(f.skewMs)}${f.skewSource ? `, measured by ${f.skewSource}` : ''}. MSK answers "Access denied" to signatures dated more than about 5 minutes from its own clock. Fix the clock: enable NTP (chrony or systemd-timesyncd; on EC2 the Amazon Time Sync Service at 169.254.169.123); containers use their host's clock.`
    case 'too-many-connects':
      return `${where} answered "Too many connects"${rid}: the cluster's limit on new connections was exceeded (about 20 per second per broker on IAM listeners, 4 on kafka.t3.small, 100 per second on MSK Serverless). Something is opening connections too fast: reuse one kafkajs client per process (module scope in Lambda), cap concurrency, and give kafkajs a longer retry.initialRetryTime.`
    case 'session-too-short':
      return `${where} answered "Session too short"${rid}: the credentials of ${f.accessKeyId ?? 'this access key'} expire within moments, so MSK will not open a session with them. Refresh them (a new SSO login, a longer role session duration) and use a source that hands out credentials with well over 15 minutes left.`
    case 'invalid-payload':
      return `${where} could not read the signed payload ("Invalid authentication payload")${rid}: something between here and the broker altered it, or it is a bug in kafkajs-msk-iam; please report it with the request-id.`
    case 'connection-lost':
      return `${where} closed the connection during authentication without an answer: a proxy or load balancer in the path, or a restarting broker. Run the doctor again; if it repeats, connect to the broker directly.`
    case 'authentication-failed':
      return `${where} refused the authentication${rid}${f.message ? `: ${f.message}` : '.'}`
    case 'caller-identity-failed':
      return `STS GetCallerIdentity failed${f.errorCode ? ` (${f.errorCode})` : ''}${f.message ? `: ${f.message}` : ''}. InvalidClientTokenId: the access key does not exist (or is from another partition); SignatureDoesNotMatch: the secret does not match the key id, or the clock is off; ExpiredToken: the session credentials have expired. Without network access to STS, leave --caller-identity out.`
  }
}

function accessDenied(f: FindingFacts, where: string, rid: string): string {
  const region = f.region ?? '(unknown)'
  const causes: string[] = []
  const regionMismatch = f.hostRegion !== undefined && f.region !== undefined && f.hostRegion !== f.region
  if (regionMismatch) {
    causes.push(
      `the signing region ${region} (${f.regionSource ?? 'given'}) is not the cluster's: the broker name says ${f.hostRegion}, so sign for ${f.hostRegion} (fix --region / awsMskIam({ region }))`,
    )
  }
  causes.push(
    `the IAM policy of the identity behind ${f.accessKeyId ?? 'the access key'} lacks kafka-cluster:Connect (and the topic and group actions) on arn:aws:kafka:${f.hostRegion ?? region}:<account>:cluster/<name>/<uuid>, or names another cluster, account or region`,
  )
  if (!regionMismatch && f.hostRegion === undefined)
    causes.push(`${region} (${f.regionSource ?? 'from the options'}) is not the cluster's region`)
  causes.push(
    'the secret key does not belong to that access key id, or the credentials were deactivated or have expired',
  )
  if (f.probedShiftMs === undefined)
    causes.push(`the clock is more than 5 minutes off${f.localTime ? ` (this machine reads ${f.localTime})` : ''}`)
  const clock =
    f.probedShiftMs === undefined
      ? ''
      : ` Not the clock: signatures dated up to ${formatDuration(f.probedShiftMs)} earlier and later were denied too.`
  const numbered = causes.map((c, i) => `(${i + 1}) ${c}`).join('; ')
  return `Access denied at ${where}${rid} for access key ${f.accessKeyId ?? '(unknown)'} signing for region ${region}. Likely causes: ${numbered}.${clock}`
}
