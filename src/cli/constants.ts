// Defaults of the emulator and local commands: one port layout, shared with the README, docs/doctor.md and
// docker-compose.yml.

/** MSK's IAM port inside the VPC: broker 1's TLS listener; broker n listens 1000 higher per step. */
export const DEFAULT_TLS_PORT = 9098
/** MSK's IAM port for public access (`--public`). */
export const PUBLIC_TLS_PORT = 9198
/** The plaintext test listener (no TLS, still IAM): not an MSK port; a convenience for tests. */
export const DEFAULT_PLAINTEXT_PORT = 9099
/** How often a foreground command checks that its parent process is still there. */
export const PARENT_POLL_MS = 500
/** Where `local` writes its CA unless told otherwise (in the working directory). */
export const DEFAULT_CA_FILE = 'local-msk-ca.pem'
