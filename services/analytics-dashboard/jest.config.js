/**
 * The dashboard's own jest run (the root config ignores this folder): React component tests in
 * jsdom, plus node-environment tests (API client, static server, bundle check) marked with a
 * `@jest-environment node` docblock. Same SWC transform as the root, with TSX and React's
 * automatic runtime. Run: `NODE_OPTIONS=--experimental-vm-modules npx jest -c services/analytics-dashboard/jest.config.js`.
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022', transform: { react: { runtime: 'automatic' } } }, module: { type: 'es6' } }];

export default {
  rootDir: import.meta.dirname,
  displayName: 'analytics-dashboard',
  testEnvironment: 'jsdom',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.tsx?$': swc },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
  moduleNameMapper: { '\\.css$': '<rootDir>/test/support/style-stub.js' },
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30000,
  maxWorkers: 2,
};
