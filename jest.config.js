// Two projects: fast unit tests, and integration tests that run against a real Kafka broker
// (started once per run by test/kafka/globalSetup, or taken from KAFKA_BOOTSTRAP).
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
  ],
}
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' }

/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/test/summary-reporter.cjs'],
  maxWorkers: 2,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      // test/fuzz/: the property-based fuzz and differential tests, which span modules; fast enough for every run.
      testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/fuzz/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/secretScanSetup.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/kafka/globalSetup.ts',
      globalTeardown: '<rootDir>/test/kafka/globalTeardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/secretScanSetup.ts', '<rootDir>/test/integration/setup.ts'],
    },
  ],
}
