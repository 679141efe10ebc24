import { promises as dns } from 'node:dns'
import * as net from 'node:net'
import { regionFromHost } from '../../../region.js'
import type { BrokerAddress } from '../parseDoctorArgs.js'
import type { CheckResult } from '../types.js'
import { errorCode } from '../errorMessage.js'
import { withStepTimeout } from '../withStepTimeout.js'

export interface DnsOutcome {
  result: CheckResult
  /** The address to connect to, when the name resolved. */
  address?: string
}

export interface DnsInput {
  broker: BrokerAddress
  /** --resolve overrides, keyed by lower-case host name. */
  overrides: ReadonlyMap<string, string>
  /** --region, if given: a custom name then needs no region of its own. */
  explicitRegion: string | undefined
  timeoutMs: number
}

/**
 * Resolves the broker name (or takes the --resolve override) and says whether the name tells the signing
 * region. A CNAME target is shown: a custom name in front of MSK is fine, but needs --region.
 */
export async function checkDns(input: DnsInput): Promise<DnsOutcome> {
  const { host } = input.broker
  const facts = { host, port: input.broker.port }
  const override = input.overrides.get(host.toLowerCase())
  if (override !== undefined) {
    return {
      result: {
        check: 'dns',
        status: 'pass',
        summary: `${override} (from --resolve, not looked up${scopeNote([override], '; ')})${regionNote(host, undefined, input)}`,
        facts,
      },
      address: override,
    }
  }
  if (net.isIP(host) !== 0) {
    const note = ' is an IP address: TLS and the signature need the broker name MSK gave (b-N.….amazonaws.com)'
    return { result: { check: 'dns', status: 'warn', summary: `${host}${note}`, facts }, address: host }
  }
  try {
    const [addresses, cname] = await withStepTimeout(
      Promise.all([
        dns.lookup(host, { all: true, verbatim: true }),
        dns.resolveCname(host).catch(() => [] as string[]),
      ]),
      input.timeoutMs,
      `DNS lookup of ${host}`,
    )
    const first = addresses[0]
    if (first === undefined) throw Object.assign(new Error('no addresses'), { code: 'ENODATA' })
    const shown = addresses
      .map((a) => a.address)
      .slice(0, 6)
      .join(', ')
    const alias = cname[0] === undefined ? '' : ` (CNAME ${cname[0]})`
    const scope = scopeNote(addresses.map((a) => a.address))
    return {
      result: {
        check: 'dns',
        status: 'pass',
        summary: `${shown}${alias}${scope === '' ? '' : ` (${scope})`}${regionNote(host, cname[0], input)}`,
        facts,
      },
      address: first.address,
    }
  } catch (error) {
    const code = errorCode(error)
    const why =
      code === 'ENOTFOUND'
        ? 'the name does not exist'
        : code === 'ETIMEDOUT'
          ? `no answer within ${input.timeoutMs} ms`
          : `lookup failed (${code ?? 'error'})`
    return {
      result: {
        check: 'dns',
        status: 'fail',
        summary: `${host}: ${why}`,
        failure: 'dns-failed',
        facts: { ...facts, ...(code ? { errorCode: code } : {}) },
      },
    }
  }
}

/** A note when the signing region cannot come from the name itself. */
function regionNote(host: string, cname: string | undefined, input: DnsInput): string {
  if (regionFromHost(host) !== undefined || input.explicitRegion !== undefined) return ''
  const target = cname === undefined ? undefined : regionFromHost(cname)
  return target === undefined
    ? '; the name carries no region: the signing region comes from --region, AWS_REGION or the profile'
    : `; the name carries no region, its CNAME says ${target}: pass --region ${target}`
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/i
const PRIVATE = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.|f[cd][0-9a-f]{2}:|fe[89ab][0-9a-f]:)/i

/**
 * Where the addresses can be reached from, when that is not everywhere: only this machine (loopback: an
 * emulator, a tunnel, an SSH forward), or only a network that routes to them (private and link-local).
 * Nothing for public or mixed addresses. `prefix` goes before a non-empty note.
 */
function scopeNote(addresses: readonly string[], prefix = ''): string {
  if (addresses.length === 0) return ''
  if (addresses.every((a) => LOOPBACK.test(a))) return `${prefix}loopback: this machine itself, not the cluster`
  if (addresses.every((a) => LOOPBACK.test(a) || PRIVATE.test(a)))
    return addresses.length === 1
      ? `${prefix}a private address: reachable only over a network that routes to it, such as the cluster's VPC, a peered VPC or a VPN`
      : `${prefix}private addresses: reachable only over a network that routes to them, such as the cluster's VPC, a peered VPC or a VPN`
  return ''
}
