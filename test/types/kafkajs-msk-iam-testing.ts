// Stand-in for 'kafkajs-msk-iam/testing'; replaced by `export * from 'kafkajs-msk-iam/testing'` in the
// packaging test (see kafkajs-msk-iam.ts).
export * from '../../src/testing/index.js'
