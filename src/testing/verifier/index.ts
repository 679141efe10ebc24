// The emulator's signature verification, written from the SigV4 specification with node:crypto only.
// Nothing here may import the client's signer: the two must agree by construction, not by sharing code.

export type { DenyReason, EmulatorIdentity, Verdict, VerifyContext } from './types.js'
export { DEFAULT_MAX_SKEW_MS } from './types.js'
export { verifyIamPayload, MAX_IAM_PAYLOAD_BYTES } from './verifyIamPayload.js'
export { verifyOauthBearer } from './verifyOauthBearer.js'
export { MAX_OAUTH_TOKEN_CHARS } from './parseOauthToken.js'
export { canonicalQuery, canonicalRequest, uriEncode, EMPTY_BODY_SHA256, type QueryParam } from './canonicalRequest.js'
export { credentialScope, signature, signingKey, stringToSign, type ScopeParts } from './signature.js'
export { presignedQueryParams, type PresignedValues } from './presignedQueryParams.js'
