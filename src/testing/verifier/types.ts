// The contract between the emulator's SASL front and the pure verifiers in this folder.
// Other parts of the emulator code against these names and shapes: change them only together.

/** One set of credentials the emulator knows, and the principal it reports for them. */
export interface EmulatorIdentity {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  /** Reported as the Kafka principal, e.g. 'arn:aws:sts::123456789012:assumed-role/app/my-session' */
  principalArn: string
  /** Epoch ms after which these credentials are refused (temporary credentials). */
  expiresAt?: number
}

/** What a verifier needs to know about the connection and the world to judge one payload. */
export interface VerifyContext {
  /** Host the client should have signed for (broker name it connected to / SNI); undefined = accept any. */
  expectedHost: string | undefined
  region: string
  nowMs: number
  /** Allowed clock skew between x-amz-date and now, default 5 min. */
  maxSkewMs: number
  lookup(accessKeyId: string): EmulatorIdentity | undefined
}

/** The two reasons MSK reports, verbatim; the emulator prefixes them with a request id. */
export type DenyReason = 'Access denied' | 'Invalid authentication payload'

/**
 * A verifier's decision. `detail` is for the emulator's decision log only: it names what was wrong and
 * never contains a secret key, session token or signature.
 */
export type Verdict =
  | { ok: true; identity: EmulatorIdentity; signedAt: number; signatureExpiresAt: number }
  | { ok: false; reason: DenyReason; detail: string }

/** The skew the emulator should put in {@link VerifyContext.maxSkewMs} unless told otherwise (5 min, as SigV4). */
export const DEFAULT_MAX_SKEW_MS = 5 * 60 * 1000
