/**
 * One jest run for every workspace. TypeScript is compiled by SWC to ES modules, and jest runs
 * them as ESM (NODE_OPTIONS=--experimental-vm-modules, set by `npm test`) because Middy is ESM-only.
 * The global setup starts the local stack once (fauxqs + dynalite on free ports); each test file
 * provisions its own uniquely named environment on it.
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } }, module: { type: 'es6' } }];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.tsx?$': swc },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
  testMatch: ['<rootDir>/{shared,services,tools}/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/services/analytics-dashboard/', '/services/chat-widget/'],
  globalSetup: '<rootDir>/tools/local-stack/src/testing/global-setup.mjs',
  globalTeardown: '<rootDir>/tools/local-stack/src/testing/global-teardown.mjs',
  setupFiles: ['<rootDir>/tools/local-stack/src/testing/quiet-env.ts'],
  testTimeout: 120000,
  maxWorkers: 2,
};
