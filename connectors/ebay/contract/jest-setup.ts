import { formatContractReport, resetContractRegistry, takeContractReport } from './registry';

/**
 * Runs in every jest test file (jest.config.js `setupFilesAfterEnv`): every eBay simulator the file
 * starts validates each exchange on its `/sell/` paths against eBay's OpenAPI contracts, and this
 * fails the test whose traffic broke them (after each test), then the file for what came in
 * between (its `beforeAll` hooks) or a simulator that could not check at all. Files that start no
 * eBay simulator pay nothing. jest runs these hooks before the file's own top-level `afterAll`
 * hooks, so traffic while a file tears down is not checked.
 */
afterEach(() => {
  const { violations } = takeContractReport();
  if (violations.length) throw new Error(formatContractReport({ simulators: 0, exchanges: 0, unchecked: [], violations }));
});

afterAll(() => {
  const report = takeContractReport();
  resetContractRegistry();
  const message = formatContractReport(report);
  if (message) throw new Error(message);
});
