// The soak's identity (known to the emulator, signed with by the client) and where captured text goes.
import { TEST_SECRETS } from '../helpers/secretScan.js'

/** Where text that leaves the code under test goes: captureForScan in tests, a collector in the CLI. */
export type Sink = (value: unknown) => void

/** The soak's identity: known to the emulator, signed with by the client. The values are test secrets. */
export const SOAK_IDENTITY = {
  accessKeyId: 'AKIASOAK000000000001',
  secretAccessKey: TEST_SECRETS.secretAccessKey,
  sessionToken: TEST_SECRETS.sessionToken,
  principalArn: 'arn:aws:sts::123456789012:assumed-role/soak/aws-msk-iam-auth',
} as const
