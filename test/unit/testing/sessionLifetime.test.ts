// How long a session the emulator grants: the three rules of `sessionLifetime` and the maxSessionMs cap.
import { LONG_TERM_KEY_SESSION_MS } from '../../../src/testing/constants.js'
import { checkSessionLifetime, sessionEndsAt } from '../../../src/testing/sessionLifetime.js'

const now = 1_800_000_000_000
const signatureExpiresAt = now + 900_000
const hour = 3_600_000

describe('sessionEndsAt', () => {
  const base = { nowMs: now, signatureExpiresAt, maxSessionMs: Number.POSITIVE_INFINITY }

  it("credential-expiry: until the credentials expire, past the signature's 900 s", () => {
    expect(sessionEndsAt({ ...base, rule: 'credential-expiry', credentialExpiresAt: now + hour })).toBe(now + hour)
    // A 15-minute role session signed 2 s after it began: about 898 s, as MSK reports.
    expect(sessionEndsAt({ ...base, rule: 'credential-expiry', credentialExpiresAt: now + 898_000 })).toBe(
      now + 898_000,
    )
  })

  it('credential-expiry: long-term keys get the documented cap', () => {
    expect(sessionEndsAt({ ...base, rule: 'credential-expiry', credentialExpiresAt: undefined })).toBe(
      now + LONG_TERM_KEY_SESSION_MS,
    )
  })

  it('presign-window: until x-amz-date + x-amz-expires, or credential expiry if sooner', () => {
    expect(sessionEndsAt({ ...base, rule: 'presign-window', credentialExpiresAt: now + hour })).toBe(signatureExpiresAt)
    expect(sessionEndsAt({ ...base, rule: 'presign-window', credentialExpiresAt: now + 60_000 })).toBe(now + 60_000)
    expect(sessionEndsAt({ ...base, rule: 'presign-window', credentialExpiresAt: undefined })).toBe(signatureExpiresAt)
  })

  it('a number: that long, or credential expiry if sooner', () => {
    expect(sessionEndsAt({ ...base, rule: 3000, credentialExpiresAt: undefined })).toBe(now + 3000)
    expect(sessionEndsAt({ ...base, rule: 3000, credentialExpiresAt: now + 1000 })).toBe(now + 1000)
  })

  it('maxSessionMs caps every rule', () => {
    for (const rule of ['credential-expiry', 'presign-window', 60_000] as const) {
      expect(sessionEndsAt({ ...base, rule, credentialExpiresAt: now + hour, maxSessionMs: 5000 })).toBe(now + 5000)
    }
  })
})

describe('checkSessionLifetime', () => {
  it.each(['credential-expiry', 'presign-window', 0, 3000])('accepts %p', (value) => {
    expect(() => checkSessionLifetime(value)).not.toThrow()
  })
  it.each(['credentials', -1, Number.NaN, Number.POSITIVE_INFINITY, null, '3000'])('refuses %p', (value) => {
    expect(() => checkSessionLifetime(value)).toThrow(/sessionLifetime must be/)
  })
})
