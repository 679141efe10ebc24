import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

// The repository carries a copy of the project's shared signing vectors so that a plain clone can run its
// tests; where the shared originals sit beside the clone (as in CI), the copy must not have drifted.
const shared = join(__dirname, '../../../shared/vectors/payload-vectors.json')
const copy = join(__dirname, '../fixtures/payload-vectors.json')

const maybe = existsSync(shared) ? it : it.skip
maybe('test/fixtures/payload-vectors.json equals the shared vectors', () => {
  expect(JSON.parse(readFileSync(copy, 'utf8'))).toEqual(JSON.parse(readFileSync(shared, 'utf8')))
})
