import * as net from 'node:net'
import type { CheckResult } from '../types.js'
import { errorCode } from '../errorMessage.js'
import { formatDuration } from '../formatDuration.js'

export interface TcpOutcome {
  result: CheckResult
  socket?: net.Socket
}

/** Opens a TCP connection to `address:port`; the socket is handed on to TLS or to the Kafka requests. */
export function checkTcp(address: string, port: number, timeoutMs: number): Promise<TcpOutcome> {
  const started = Date.now()
  const facts = { port, timeoutMs }
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port })
    const done = (outcome: TcpOutcome): void => {
      clearTimeout(timer)
      socket.removeAllListeners('connect')
      socket.removeAllListeners('error')
      if (!outcome.socket) socket.destroy()
      resolve(outcome)
    }
    const timer = setTimeout(() => {
      done({
        result: {
          check: 'tcp',
          status: 'fail',
          summary: `no answer from ${address}:${port} within ${timeoutMs} ms`,
          failure: 'unreachable',
          facts: { ...facts, errorCode: 'ETIMEDOUT' },
        },
      })
    }, timeoutMs)
    socket.once('connect', () => {
      // Errors from here on belong to the next step; until it takes over, keep them from crashing the process.
      socket.on('error', () => undefined)
      done({
        result: {
          check: 'tcp',
          status: 'pass',
          summary: `connected to ${address}:${port} in ${formatDuration(Date.now() - started)}`,
          facts,
        },
        socket,
      })
    })
    socket.once('error', (error) => {
      const code = errorCode(error) ?? 'error'
      done({
        result: {
          check: 'tcp',
          status: 'fail',
          summary: `${address}:${port}: ${describeConnectError(code)}`,
          failure: 'unreachable',
          facts: { ...facts, errorCode: code },
        },
      })
    })
  })
}

function describeConnectError(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (nothing listens on this port)'
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to the host (${code})`
    case 'ECONNRESET':
      return 'connection reset while connecting'
    default:
      return `connect failed (${code})`
  }
}
