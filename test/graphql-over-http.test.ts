import { serverAudits } from 'graphql-http';
import { startTestApp, TestApp } from './support/test-app';

/** The GraphQL-over-HTTP spec, checked with graphql-http's own audit suite. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('GraphQL over HTTP', () => {
  it('passes every MUST audit of graphql-http', async () => {
    const audits = serverAudits({ url: t.url, fetchFn: fetch });
    expect(audits.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const audit of audits) {
      const result = await audit.fn();
      if (audit.name.startsWith('MUST') && result.status !== 'ok') failures.push(`${audit.name}: ${result.reason}`);
    }
    expect(failures).toEqual([]);
  });
});
