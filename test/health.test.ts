import { startTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.stop());

describe('health, readiness, metrics and the IDE', () => {
  it('answers /healthz while alive', async () => {
    const res = await fetch(`${t.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 once the database is reachable and migrated', async () => {
    const res = await fetch(`${t.baseUrl}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', database: 'ok' });
  });

  it('counts SQL statements at /metrics', async () => {
    const before = await t.sqlStatements();
    await t.gql('{ me { id } }', {}, await t.ownerToken());
    expect(await t.sqlStatements()).toBeGreaterThan(before);
  });

  it('sends GraphQL answers without an ETag: nothing revalidates a POST, and hashing each answer cost CPU', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.ownerToken()}` }, body: JSON.stringify({ query: '{ me { id } }' }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeNull();
    expect(((await res.json()) as { data: { me: { id: string } } }).data.me.id).toBeTruthy();
  });

  it('serves GraphiQL and its assets from the server itself, not a CDN', async () => {
    const page = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    expect(html).not.toMatch(/https?:\/\/(?!localhost)[a-z0-9.-]+\/[^"']*\.(js|css)/i);
    for (const asset of ['/ide/react.js', '/ide/react-dom.js', '/ide/graphiql.js', '/ide/graphiql.css']) {
      const res = await fetch(`${t.baseUrl}${asset}`);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it('echoes a request id in the header and in extensions', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-abc-123' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('req-abc-123');
    const body = (await res.json()) as { extensions: { requestId: string } };
    expect(body.extensions.requestId).toBe('req-abc-123');
  });
});
