// The shared AWS_MSK_IAM signing vectors (test/fixtures holds a copy of ../shared/vectors, checked equal by
// test/unit/vectorsCopy.test.ts), typed once for every test that reads them.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface PayloadVector {
  name: string
  inputs: {
    host: string
    region: string
    accessKeyId: string
    secretAccessKey: string
    sessionToken: string | null
    amzDate: string
    expiresSeconds: number
    userAgent: string
  }
  canonicalRequest: string
  stringToSign: string
  signature: string
  payloadJson: string
}

export const payloadVectors: PayloadVector[] = (
  JSON.parse(readFileSync(join(__dirname, '../fixtures/payload-vectors.json'), 'utf8')) as { vectors: PayloadVector[] }
).vectors

/** `yyyyMMddTHHmmssZ` → epoch ms. */
export function amzDateToMs(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)
  if (!m) throw new Error(`bad amzDate ${amzDate}`)
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)
}
