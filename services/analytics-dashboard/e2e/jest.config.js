/**
 * The dashboard's end-to-end test: headless Debian Chromium driven by playwright-core against a
 * running dashboard + dashboard API filled by the traffic generator. Needs API_BASE_URL,
 * DASHBOARD_URL, TOKEN (no PII scope) and TOKEN_PII (with `pii:read`) in the environment.
 * Run: `NODE_OPTIONS=--experimental-vm-modules npx jest -c services/analytics-dashboard/e2e/jest.config.js`.
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' }, module: { type: 'es6' } }];

export default {
  rootDir: import.meta.dirname,
  displayName: 'analytics-dashboard-e2e',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testMatch: ['<rootDir>/**/*.e2e.test.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};
