// Stand-in for the package name: the repository typecheck resolves it to the sources; the packaging test
// (test/integration/packaging.test.ts) replaces this file with `export * from 'kafkajs-msk-iam'`, so that
// usage.ts is compiled against the built declarations through the package's exports map.
export * from '../../src/index.js'
