/**
 * The widget's own jest run (the root config ignores this folder, whose sources need the DOM
 * types): unit tests of the pure parts (SSE parser, form flow, conversation storage, the API
 * client over a streamed body, the bundle checks). The browser tests are `e2e/`.
 * Run: `NODE_OPTIONS=--experimental-vm-modules npx jest -c services/chat-widget/jest.config.js`.
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } }, module: { type: 'es6' } }];

export default {
  rootDir: import.meta.dirname,
  displayName: 'chat-widget',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.tsx?$': swc },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30000,
  maxWorkers: 2,
};
