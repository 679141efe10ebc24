import os from 'node:os'
import path from 'node:path'
import { kafkaCacheRoot } from '../../../../src/testing/kafka/kafkaCacheRoot.js'

describe('kafkaCacheRoot', () => {
  it('KAFKAJS_MSK_IAM_CACHE_DIR wins (made absolute)', () => {
    expect(kafkaCacheRoot({ KAFKAJS_MSK_IAM_CACHE_DIR: 'rel/cache', XDG_CACHE_HOME: '/xdg' })).toBe(
      path.resolve('rel/cache'),
    )
  })
  it('then $XDG_CACHE_HOME/kafkajs-msk-iam', () => {
    expect(kafkaCacheRoot({ XDG_CACHE_HOME: '/xdg' })).toBe(path.join('/xdg', 'kafkajs-msk-iam'))
  })
  it('else ~/.cache/kafkajs-msk-iam: per user, never inside node_modules or the project', () => {
    const root = kafkaCacheRoot({})
    expect(root).toBe(path.join(os.homedir(), '.cache', 'kafkajs-msk-iam'))
    expect(root).not.toContain('node_modules')
  })
})
