// Wire format of x-amz-credential / X-Amz-Credential (decoded):
// `<access key id>/<yyyyMMdd>/<region>/<service>/aws4_request`, five `/`-separated non-empty parts.

/** The parts of a credential; semantic checks (date, region, service) are the caller's. */
export interface Credential {
  accessKeyId: string
  /** yyyyMMdd, digits only; compared with x-amz-date by the caller. */
  date: string
  region: string
  service: string
}

const DATE = /^\d{8}$/

/**
 * Splits a credential, or returns a description of what is malformed. Values that are well formed but
 * wrong (another region, another service) parse, so that they are reported as `Access denied`.
 */
export function parseCredential(text: string): Credential | string {
  const parts = text.split('/')
  if (parts.length !== 5) return `x-amz-credential has ${parts.length} '/'-separated parts, expected 5`
  const [accessKeyId = '', date = '', region = '', service = '', terminator = ''] = parts
  if (accessKeyId === '') return 'x-amz-credential has an empty access key id'
  if (!DATE.test(date)) return 'x-amz-credential date is not yyyyMMdd'
  if (region === '') return 'x-amz-credential has an empty region'
  if (service === '') return 'x-amz-credential has an empty service'
  if (terminator !== 'aws4_request') return "x-amz-credential does not end with 'aws4_request'"
  return { accessKeyId, date, region, service }
}
