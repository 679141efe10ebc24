// Runs examples/local-msk-test from a clone of this repository:
//   npm run build && npx jest --config examples/jest.config.cjs
// In an application, kafkajs-msk-iam is installed: it needs no moduleNameMapper, only the application's own
// TypeScript transform (ts-jest, @swc/jest, babel-jest).
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/local-msk-test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper: {
    '^kafkajs-msk-iam$': '<rootDir>/../dist/cjs/index.js',
    '^kafkajs-msk-iam/testing$': '<rootDir>/../dist/cjs/testing/index.js',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
}
