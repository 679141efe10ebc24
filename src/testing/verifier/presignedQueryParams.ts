import type { QueryParam } from './canonicalRequest.js'

/** The signed values of an AWS_MSK_IAM payload that become query parameters of the presigned URL. */
export interface PresignedValues {
  action: string
  algorithm: string
  credential: string
  amzDate: string
  expires: string
  securityToken: string | undefined
  signedHeaders: string
}

/**
 * The query the client presigned, rebuilt from a JSON payload, which carries the same values under other
 * names. The token is part of the signed query (it is added before signing); the user agent is not.
 */
export function presignedQueryParams(values: PresignedValues): QueryParam[] {
  const params: QueryParam[] = [
    ['Action', values.action],
    ['X-Amz-Algorithm', values.algorithm],
    ['X-Amz-Credential', values.credential],
    ['X-Amz-Date', values.amzDate],
    ['X-Amz-Expires', values.expires],
    ['X-Amz-SignedHeaders', values.signedHeaders],
  ]
  if (values.securityToken !== undefined) params.push(['X-Amz-Security-Token', values.securityToken])
  return params
}
