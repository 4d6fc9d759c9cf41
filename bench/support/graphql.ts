import { performance } from 'node:perf_hooks';
import type { Owner } from './postgres';

/** Sends one GraphQL request; throws with the errors when the response has any. `ms` is the round trip. */
export async function graphql(
  base: string,
  token: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ data: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(variables ? { query, variables } : { query }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let body: { data?: Record<string, unknown>; errors?: unknown[] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${res.status}, not JSON: ${text.slice(0, 500)}\nquery: ${query}`);
  }
  if (!res.ok || body.errors?.length || !body.data) {
    throw new Error(`query failed (HTTP ${res.status}): ${JSON.stringify(body.errors ?? body).slice(0, 2000)}\nquery: ${query}`);
  }
  return { data: body.data, ms };
}

/** Logs in and returns the bearer token. */
export async function login(base: string, owner: Owner): Promise<string> {
  const res = await graphql(base, undefined, `mutation { login(email: ${JSON.stringify(owner.email)}, password: ${JSON.stringify(owner.password)}) { token } }`);
  const token = (res.data.login as { token?: string } | null)?.token;
  if (!token) throw new Error(`login returned no token: ${JSON.stringify(res.data)}`);
  return token;
}
