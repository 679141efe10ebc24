// The decision service over real loopback HTTP, as the Java authorizer uses it; long polls on a fake clock.
import { MskIamError } from '../../../../src/errors.js'
import {
  startDecisionService,
  type DecisionService,
  type DecisionServiceOptions,
} from '../../../../src/testing/authorization/startDecisionService.js'
import type { AuthorizationRequest, DecisionRecord } from '../../../../src/testing/authorization/types.js'
import { FakeClock, flushMicrotasks } from '../../../helpers/FakeClock.js'

const IDENTITY = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', principalArn: 'arn:aws:iam::111122223333:role/orders' }

const action = (overrides: Record<string, unknown> = {}) => ({
  operation: 'WRITE',
  resourceType: 'TOPIC',
  resourceName: 'orders',
  patternType: 'LITERAL',
  logIfAllowed: true,
  logIfDenied: true,
  ...overrides,
})

const call = (principal: string, actions = [action()]) => ({
  authorizer: 'node1-broker-test',
  principal,
  context: {
    listenerName: 'IAM_UPSTREAM',
    securityProtocol: 'SASL_PLAINTEXT',
    clientAddress: '127.0.0.1',
    apiKey: 0,
    apiName: 'Produce',
    apiVersion: 9,
    correlationId: 11,
    clientId: 'producer-1',
  },
  actions,
})

let service: DecisionService | undefined
let clock: FakeClock
let asked: AuthorizationRequest[]
let records: DecisionRecord[]

async function start(options: Partial<DecisionServiceOptions> = {}): Promise<DecisionService> {
  clock = new FakeClock()
  asked = []
  records = []
  service = await startDecisionService({
    emulatorId: 'unit',
    clock,
    decide: (request) => {
      asked.push(request)
      return {
        allowed: request.action.resourceName === 'orders',
        cacheable: true,
        explanation: { rule: 'orders only' },
      }
    },
    onDecision: (record) => records.push(record),
    ...options,
  })
  return service
}

afterEach(async () => {
  await service?.close()
  service = undefined
})

/** The service's JSON answer: the fields the tests read; toEqual checks the rest. */
interface ServiceAnswer {
  generation?: unknown
  results?: unknown
  error?: unknown
}

async function post(path: string, body: string | object): Promise<{ status: number; json: ServiceAnswer }> {
  const res = await fetch(`${service!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as ServiceAnswer }
}

describe('POST /authorize', () => {
  it('asks decide once per action with the bound identity, and records each decision', async () => {
    const svc = await start()
    svc.bindConnection('plaintext-1', IDENTITY)
    const principal = svc.principalFor('plaintext-1')
    expect(principal).toBe('msk-iam:unit:plaintext-1')
    const res = await post('/authorize', call(principal, [action(), action({ resourceName: 'payments' })]))
    expect(res).toEqual({
      status: 200,
      json: {
        generation: 1,
        results: [
          { allowed: true, cacheable: true },
          { allowed: false, cacheable: true },
        ],
      },
    })
    expect(asked.map((r) => [r.connectionId, r.identity, r.principal, r.action.resourceName])).toEqual([
      ['plaintext-1', IDENTITY, principal, 'orders'],
      ['plaintext-1', IDENTITY, principal, 'payments'],
    ])
    expect(asked[0]!.context.apiName).toBe('Produce')
    expect(records[1]).toEqual({
      time: new Date(clock.now()).toISOString(),
      authorizer: 'node1-broker-test',
      principal,
      connectionId: 'plaintext-1',
      accessKeyId: IDENTITY.accessKeyId,
      principalArn: IDENTITY.principalArn,
      apiKey: 0,
      apiName: 'Produce',
      apiVersion: 9,
      correlationId: 11,
      clientId: 'producer-1',
      listenerName: 'IAM_UPSTREAM',
      operation: 'WRITE',
      resourceType: 'TOPIC',
      resourceName: 'payments',
      patternType: 'LITERAL',
      logIfAllowed: true,
      logIfDenied: true,
      allowed: false,
      cacheable: true,
      generation: 1,
      source: 'decided',
      explanation: { rule: 'orders only' },
    })
    expect(svc.stats()).toMatchObject({ authorizeCalls: 1, actionsDecided: 2, badRequests: 0 })
  })

  it('denies, uncacheably and without asking, a connection that is unbound, released, or another emulator’s', async () => {
    const svc = await start()
    svc.bindConnection('c1', IDENTITY)
    svc.releaseConnection('c1')
    for (const [principal, source] of [
      [svc.principalFor('c1'), 'unknown-connection'],
      [svc.principalFor('never'), 'unknown-connection'],
      ['msk-iam:other:c1', 'foreign-emulator'],
    ] as const) {
      const res = await post('/authorize', call(principal))
      expect(res.json.results).toEqual([{ allowed: false, cacheable: false }])
      expect(records.at(-1)).toMatchObject({ principal, source, allowed: false })
    }
    expect(asked).toEqual([])
  })

  it('denies when decide throws or answers something that is not a Decision', async () => {
    const answers: unknown[] = [{ allowed: 'yes', cacheable: true }, undefined]
    const svc = await start({
      decide: () => {
        if (answers.length === 0) throw new Error('evaluator broke')
        return answers.shift() as never
      },
    })
    svc.bindConnection('c', IDENTITY)
    const res = await post('/authorize', call(svc.principalFor('c'), [action(), action(), action()]))
    expect(res.json.results).toEqual([
      { allowed: false, cacheable: false },
      { allowed: false, cacheable: false },
      { allowed: false, cacheable: false },
    ])
    expect(records.map((r) => [r.source, r.explanation])).toEqual([
      ['decide-failed', 'decide returned no Decision'],
      ['decide-failed', 'decide returned no Decision'],
      ['decide-failed', 'decide threw: evaluator broke'],
    ])
  })

  it('still answers when the decision log throws', async () => {
    const svc = await start({
      onDecision: () => {
        throw new Error('log is full')
      },
    })
    svc.bindConnection('c', IDENTITY)
    expect((await post('/authorize', call(svc.principalFor('c')))).json.results).toEqual([
      { allowed: true, cacheable: true },
    ])
  })

  it('refuses bad requests with a reason, and keeps serving', async () => {
    const svc = await start()
    expect(await post('/authorize', '{"principal":')).toEqual({ status: 400, json: { error: 'body is not JSON' } })
    expect(await post('/authorize', { ...call('msk-iam:unit:c'), actions: [] })).toEqual({
      status: 400,
      json: { error: 'actions must be a non-empty array' },
    })
    expect(await post('/nowhere', {})).toEqual({ status: 404, json: { error: 'no POST /nowhere' } })
    const get = await fetch(`${svc.url}/authorize`)
    expect([get.status, await get.json()]).toEqual([405, { error: 'no GET /authorize' }])
    const huge = await post('/authorize', `"${'x'.repeat(16 * 1024 * 1024)}"`)
    expect(huge.status).toBe(413)
    expect(svc.stats().badRequests).toBe(5)
    svc.bindConnection('c', IDENTITY)
    expect((await post('/authorize', call(svc.principalFor('c')))).status).toBe(200)
  })
})

describe('GET /generation and awaitGeneration', () => {
  const poll = (after: number, waitMs = 20_000) =>
    fetch(`${service!.url}/generation?authorizer=a1&after=${after}&waitMs=${waitMs}`).then(
      async (res) => [res.status, await res.json()] as const,
    )

  /** Lets the HTTP request reach the server (real sockets) before the fake clock moves. */
  async function untilPolls(n: number): Promise<void> {
    while (service!.stats().generationPolls < n) await new Promise((resolve) => setTimeout(resolve, 5))
    await flushMicrotasks()
  }

  it('answers a new authorizer at once, holds the next poll until a bump, and acknowledges it', async () => {
    const svc = await start()
    expect(await poll(-1)).toEqual([200, { generation: 1 }])
    const held = poll(1)
    await untilPolls(2)
    const n = svc.bumpGeneration()
    expect(await held).toEqual([200, { generation: 2 }])
    const applied = svc.awaitGeneration(n)
    let done = false
    void applied.then(() => (done = true))
    await flushMicrotasks()
    expect(done).toBe(false)
    const ack = poll(n)
    await untilPolls(3)
    await applied
    expect(svc.stats().authorizers).toEqual([{ id: 'a1', acknowledged: 2, live: true }])
    await svc.close()
    expect(await ack).toEqual([200, { generation: 2 }])
  })

  it('answers a held poll with the same generation when its wait is over', async () => {
    await start()
    const held = poll(1, 5000)
    await untilPolls(1)
    await clock.advance(5000)
    expect(await held).toEqual([200, { generation: 1 }])
  })

  it('refuses a malformed poll', async () => {
    const svc = await start()
    const res = await fetch(`${svc.url}/generation?after=1`)
    expect([res.status, await res.json()]).toEqual([400, { error: 'authorizer must be 1–200 characters' }])
  })

  it('rebinding a connection to another identity starts a new generation; the same identity does not', async () => {
    const svc = await start()
    svc.bindConnection('c', IDENTITY)
    svc.bindConnection('c', { ...IDENTITY })
    expect(svc.generation()).toBe(1)
    svc.bindConnection('c', { ...IDENTITY, accessKeyId: 'ASIAOTHERKEYEXAMPLE' })
    expect(svc.generation()).toBe(2)
  })

  it('refuses to await a generation that was never issued', async () => {
    const svc = await start()
    await expect(svc.awaitGeneration(5)).rejects.toThrow('generation 5 has not been issued (current 1)')
  })
})

it('refuses an emulator id that cannot be part of a principal', async () => {
  await expect(
    startDecisionService({ decide: () => ({ allowed: true, cacheable: true }), emulatorId: 'a:b' }),
  ).rejects.toEqual(expect.objectContaining({ constructor: MskIamError, code: 'INVALID_OPTIONS' }))
})
