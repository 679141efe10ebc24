import { COLD_START_RETRY_TEXT, IAM_PORTS } from '../../../constants.js'
import type { FailureKind, FindingFacts } from '../types.js'
import { describeSkew, formatDuration } from '../formatDuration.js'
import { TEST_CA_COMMON_NAME } from '../../../testing/constants.js'

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
      return `${where} answered "Too many connects"${rid}: the cluster's limit on new connections was exceeded (about 20 per second per broker on IAM listeners, 4 on kafka.t3.small, 100 per second on MSK Serverless). Something is opening connections too fast: reuse one kafkajs client per process (module scope in Lambda), cap concurrency, and let kafkajs retry more, soon and jittered (${COLD_START_RETRY_TEXT}).`
    case 'session-too-short':
      return `${where} answered "Session too short"${rid}: the credentials of ${f.accessKeyId ?? 'this access key'} expire within moments, so MSK will not open a session with them. Refresh them (a new SSO login, a longer role session duration) and use a source that hands out credentials with well over 15 minutes left.`
    case 'invalid-payload':
      return `${where} could not read the signed payload ("Invalid authentication payload")${rid}: something between here and the broker altered it, or it is a bug in kafkajs-msk-iam; please report it with the request-id.`
    case 'connection-lost':
      return `${where} closed the connection during authentication without an answer: a proxy or load balancer in the path, or a restarting broker. Run the doctor again; if it repeats, connect to the broker directly.`
    case 'authentication-failed':
      return `${where} refused the authentication${rid}${f.message ? `: ${f.message}` : '.'}`
    case 'advertised-unreachable':
      return advertisedUnreachable(f, where)
    case 'upstream-down':
      return upstreamDown(f, where)
    case 'caller-identity-failed':
      return `STS GetCallerIdentity failed${f.errorCode ? ` (${f.errorCode})` : ''}${f.message ? `: ${f.message}` : ''}. InvalidClientTokenId: the access key does not exist (or is from another partition); SignatureDoesNotMatch: the secret does not match the key id, or the clock is off; ExpiredToken: the session credentials have expired. Without network access to STS, leave --caller-identity out.`
  }
}

/** What the check of an advertised broker found, in a clause about the broker name(s). */
function advertisedFailure(f: FindingFacts, plural: boolean): string {
  const code = f.errorCode ? ` (${f.errorCode})` : ''
  const names = plural ? 'those names do' : 'that name does'
  const they = plural ? 'they are' : 'it is'
  switch (f.failedAs) {
    case 'dns-failed':
      return `${names} not resolve${code}`
    case 'unreachable':
      return `${they} unreachable${code}`
    case 'tls-certificate':
      return `TLS fails on the certificate${code}`
    default:
      return `${names} not complete a TLS connection${code}`
  }
}

function advertisedUnreachable(f: FindingFacts, where: string): string {
  const plural = where.includes(', ') || where.includes(' more')
  return (
    `The cluster's Metadata (from ${f.advertisedBy ?? 'the bootstrap broker'}) names ${where}, and kafkajs connects to the brokers it names, not to the bootstrap address: from here ${advertisedFailure(f, plural)}. ` +
    'The bootstrap address works, so something in front of the cluster (a load balancer, a CNAME, a tunnel or a hosts entry) reaches it but not every broker by its own name. ' +
    "Run the client where each broker name resolves and routes (inside the cluster's VPC, or with DNS forwarding and routes to every broker), or give each broker name an address here (/etc/hosts; --resolve for the doctor): a load balancer cannot stand in for each broker."
  )
}

function upstreamDown(f: FindingFacts, where: string): string {
  const emulator = f.issuer === TEST_CA_COMMON_NAME
  const who = emulator
    ? `${where} is the kafkajs-msk-iam emulator (its certificate is from the local test CA)`
    : `${where} accepts connections`
  if (f.closedAfterMs !== undefined) {
    const how = `it closes every connection by itself within ${formatDuration(Math.max(f.closedAfterMs, 1))}, before any request`
    return emulator
      ? `${who}, and its own connection to Kafka fails: ${how}. The emulator answers the SASL handshake itself and needs Kafka for everything else. ` +
          'Start Kafka first (npx kafkajs-msk-iam local starts both), or point the emulator at a running broker (--upstream, or KAFKA_BOOTSTRAP); ' +
          "its log shows these connections closing with reason upstream-error (upstream-authentication-failed when Kafka refuses the emulator's own login)."
      : `${who}, but nothing behind it answers Kafka: ${how}. A Kafka broker does not do that; a front whose own connection to Kafka fails does: ` +
          'the kafkajs-msk-iam emulator (it answers the SASL handshake itself and needs Kafka for the rest), a Kafka proxy, or a load balancer without a healthy target. ' +
          "Start the Kafka behind it (the emulator's --upstream; npx kafkajs-msk-iam local starts both), or fix the proxy's or load balancer's target."
  }
  const how =
    f.errorCode === 'METADATA_TIMEOUT'
      ? `authentication succeeded, but Metadata got no answer within ${f.timeoutMs} ms`
      : 'authentication succeeded, but the connection closed at Metadata, the first request that needs Kafka'
  return emulator
    ? `${who}, and the Kafka behind it does not answer: ${how}. The emulator answers the SASL exchange itself. ` +
        "Check that its --upstream (or KAFKA_BOOTSTRAP) is a running broker's PLAINTEXT listener (IAM_UPSTREAM with authorization) and that the broker is healthy."
    : `${who}, but nothing behind it answers Kafka: ${how}. An MSK broker answers Metadata itself; a front (the kafkajs-msk-iam emulator, a Kafka proxy) ` +
        'whose Kafka does not answer behaves like this. Check the Kafka behind it, or run the doctor against the brokers directly.'
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
