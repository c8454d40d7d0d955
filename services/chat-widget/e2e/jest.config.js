/**
 * The widget's browser tests: headless Debian Chromium driven by playwright-core against demo host
 * pages served by a running system (chat backend, processor, lake). Started by
 * `run-against-local-system.ts`, which passes the URLs in the environment.
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }];

export default {
  rootDir: import.meta.dirname,
  displayName: 'chat-widget-e2e',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testMatch: ['<rootDir>/**/*.e2e.test.ts'],
  testTimeout: 240000,
  maxWorkers: 1,
};
