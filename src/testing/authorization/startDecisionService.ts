import { randomBytes } from 'node:crypto'
import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import { systemClock, type Clock } from '../../clock.js'
import { MskIamError } from '../../errors.js'
import {
  DECISION_PATH,
  DEFAULT_AUTHORIZER_STALE_MS,
  DEFAULT_AWAIT_GENERATION_TIMEOUT_MS,
  DEFAULT_POLL_WAIT_MS,
  MAX_AUTHORIZE_BODY_BYTES,
  MAX_POLL_WAIT_MS,
} from './constants.js'
import { decideCall } from './decideCall.js'
import { formatEmulatorPrincipal, isValidEmulatorId } from './emulatorPrincipal.js'
import { GenerationTracker, type AuthorizerStatus } from './GenerationTracker.js'
import { readBody, sendError, sendJson } from './httpJson.js'
import { parseAuthorizeRequest } from './parseAuthorizeRequest.js'
import { parseGenerationQuery } from './parseGenerationQuery.js'
import type { AuthorizationIdentity, DecideFunction, DecisionRecord } from './types.js'

export interface DecisionServiceOptions {
  /** Decides one action; called for every check Kafka makes that the authorizer has not cached. */
  decide: DecideFunction
  /** Receives one record per decided action (the decision log, record mode). Must not throw. */
  onDecision?: (record: DecisionRecord) => void
  /** Names this emulator in upstream principals; default random. Letters, digits, `_` and `-`. */
  emulatorId?: string
  /** Bind address, default 127.0.0.1: the service must not be reachable from other machines. */
  host?: string
  /** Default 0: a free port (read `url`). */
  port?: number
  /** Holds long polls and stamps records; default the system clock. */
  clock?: Clock
  /** An authorizer not heard from for this long is no longer waited for by awaitGeneration(). */
  authorizerStaleMs?: number
}

export interface DecisionServiceStats {
  /** POST /authorize calls answered 200. */
  authorizeCalls: number
  /** Actions decided in those calls (one record each). */
  actionsDecided: number
  /** Requests refused with a 4xx. */
  badRequests: number
  generationPolls: number
  authorizers: AuthorizerStatus[]
}

export interface DecisionService {
  /** `http://127.0.0.1:<port>`: the authorizer's `msk.iam.authorizer.url`. */
  readonly url: string
  readonly emulatorId: string
  /** The upstream principal (and JWT `sub`) of one client connection. */
  principalFor(connectionId: string): string
  /**
   * Who authenticated on a connection (again on each re-authentication). A different identity than
   * before starts a new generation, so no decision made for the old one is used again.
   */
  bindConnection(connectionId: string, identity: AuthorizationIdentity): void
  /** The connection closed: later checks on its principal are denied. */
  releaseConnection(connectionId: string): void
  /** The current generation. */
  generation(): number
  /** Policies or identities changed: every authorizer empties its cache. Returns the new generation. */
  bumpGeneration(): number
  /**
   * Resolves once every live authorizer has emptied its cache for `generation` (default: the current
   * one), so the next Kafka request is decided under the new policies. Rejects after `timeoutMs`.
   */
  awaitGeneration(generation?: number, options?: { timeoutMs?: number }): Promise<void>
  stats(): DecisionServiceStats
  /** Stops the server and drops every connection; pending awaitGeneration() calls resolve. */
  close(): Promise<void>
}

/**
 * Starts the HTTP decision service the Java authorizer asks: `POST /authorize` (one call per Kafka
 * authorize() with the actions not cached) and `GET /generation` (the long poll that invalidates the
 * authorizers' caches). Requests are validated strictly; a bad one is a 400 that the authorizer turns
 * into a denial and a broker-log warning, never an exception here.
 */
export async function startDecisionService(options: DecisionServiceOptions): Promise<DecisionService> {
  const emulatorId = options.emulatorId ?? randomBytes(6).toString('hex')
  if (!isValidEmulatorId(emulatorId)) {
    throw new MskIamError('INVALID_OPTIONS', `emulatorId must be 1–64 letters, digits, '_' or '-'`)
  }
  const clock = options.clock ?? systemClock
  const tracker = new GenerationTracker(clock, options.authorizerStaleMs ?? DEFAULT_AUTHORIZER_STALE_MS)
  const connections = new Map<string, AuthorizationIdentity>()
  const counts = { authorizeCalls: 0, actionsDecided: 0, badRequests: 0, generationPolls: 0 }
  const onDecision = options.onDecision ?? (() => undefined)

  const refuse = (res: http.ServerResponse, status: number, error: string): void => {
    counts.badRequests += 1
    sendError(res, status, error)
  }

  const authorize = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const body = await readBody(req, MAX_AUTHORIZE_BODY_BYTES)
    if (body === 'aborted') return
    if (body === 'too-large') return refuse(res, 413, `body larger than ${MAX_AUTHORIZE_BODY_BYTES} bytes`)
    let json: unknown
    try {
      json = JSON.parse(body.toString('utf8'))
    } catch {
      return refuse(res, 400, 'body is not JSON')
    }
    const parsed = parseAuthorizeRequest(json)
    if (!parsed.ok) return refuse(res, 400, parsed.error)
    const outcome = decideCall(parsed.value, {
      emulatorId,
      generation: tracker.current,
      nowMs: clock.now(),
      decide: options.decide,
      identityOf: (connectionId) => connections.get(connectionId),
    })
    counts.authorizeCalls += 1
    counts.actionsDecided += outcome.records.length
    sendJson(res, 200, { generation: tracker.current, results: outcome.results })
    for (const record of outcome.records) {
      try {
        onDecision(record)
      } catch {
        // A failing log must not change a decision that was already sent.
      }
    }
  }

  const generation = (res: http.ServerResponse, url: URL): void => {
    const query = parseGenerationQuery(url.searchParams, {
      defaultWaitMs: DEFAULT_POLL_WAIT_MS,
      maxWaitMs: MAX_POLL_WAIT_MS,
    })
    if (!query.ok) return refuse(res, 400, query.error)
    counts.generationPolls += 1
    const { cancel } = tracker.poll(query.value.authorizer, query.value.after, query.value.waitMs, (current) =>
      sendJson(res, 200, { generation: current }),
    )
    res.once('close', cancel)
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://decision-service')
    if (url.pathname === DECISION_PATH.AUTHORIZE && req.method === 'POST') {
      authorize(req, res).catch(() => refuse(res, 500, 'internal error'))
    } else if (url.pathname === DECISION_PATH.GENERATION && req.method === 'GET') {
      generation(res, url)
    } else {
      req.resume()
      refuse(
        res,
        url.pathname === DECISION_PATH.AUTHORIZE || url.pathname === DECISION_PATH.GENERATION ? 405 : 404,
        `no ${req.method} ${url.pathname}`,
      )
    }
  })
  // The authorizer keeps its connections and the service never closes idle ones first, so a pooled
  // connection cannot be closed under a request that is being sent on it.
  server.keepAliveTimeout = 0
  server.on('clientError', (_err, socket) => socket.destroy())

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { address, port } = server.address() as AddressInfo
  const host = address.includes(':') ? `[${address}]` : address

  return {
    url: `http://${host}:${port}`,
    emulatorId,
    principalFor: (connectionId) => formatEmulatorPrincipal(emulatorId, connectionId),
    bindConnection(connectionId, identity) {
      const before = connections.get(connectionId)
      connections.set(connectionId, { accessKeyId: identity.accessKeyId, principalArn: identity.principalArn })
      if (before && (before.accessKeyId !== identity.accessKeyId || before.principalArn !== identity.principalArn)) {
        tracker.bump()
      }
    },
    releaseConnection: (connectionId) => void connections.delete(connectionId),
    generation: () => tracker.current,
    bumpGeneration: () => tracker.bump(),
    awaitGeneration(target = tracker.current, awaitOptions = {}) {
      if (!Number.isInteger(target) || target > tracker.current) {
        return Promise.reject(new RangeError(`generation ${target} has not been issued (current ${tracker.current})`))
      }
      return tracker.awaitGeneration(target, awaitOptions.timeoutMs ?? DEFAULT_AWAIT_GENERATION_TIMEOUT_MS)
    },
    stats: () => ({ ...counts, authorizers: tracker.status() }),
    close: () =>
      new Promise<void>((resolve) => {
        tracker.close()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
