import { formatContractReport, resetContractRegistry, takeContractReport } from './registry';

/**
 * Runs in every jest test file (jest.config.js `setupFilesAfterEnv`): every simulator that checks
 * its traffic against its marketplace's models (Amazon's) and that the file starts records what
 * broke them, and this fails the test whose traffic did (after each test), then the file for what
 * came in between (its `beforeAll` hooks) or a simulator that could not check at all. Files that
 * start no such simulator pay nothing. jest runs these hooks before the file's own top-level
 * `afterAll` hooks, so traffic while a file tears down is not checked.
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
