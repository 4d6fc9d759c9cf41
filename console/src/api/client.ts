import { createClient, type Client } from 'graphql-ws/client';
import type { TypedDocumentString } from '../gql/graphql';

/**
 * The console speaks to the API as any frontend would: POST /graphql with the operation text
 * codegen produced and its typed variables, subscriptions over graphql-ws on the same path with
 * the token in connection_init. Nothing here knows a field of the schema.
 */

/** A GraphQL error as the API sends it: message and extensions.code (FORBIDDEN, …). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly requestId: string | undefined,
  ) {
    super(message);
  }
}

interface GraphQLResponse<R> {
  data?: R | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { requestId?: string };
}

/** Called when the API says the token is no longer good (expired, account deactivated). */
let onUnauthenticated: () => void = () => undefined;
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export async function request<R, V>(document: TypedDocumentString<R, V>, variables: V, token: string | null, signal?: AbortSignal): Promise<R> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: document.toString(), variables }),
    signal,
  });
  let body: GraphQLResponse<R>;
  try {
    body = (await res.json()) as GraphQLResponse<R>;
  } catch {
    throw new ApiError(`HTTP ${res.status}`, res.status === 503 ? 'SERVICE_UNAVAILABLE' : undefined, res.headers.get('x-request-id') ?? undefined);
  }
  const [first] = body.errors ?? [];
  if (first) {
    const code = first.extensions?.code;
    if (code === 'UNAUTHENTICATED' && token) onUnauthenticated();
    throw new ApiError(first.message, code, body.extensions?.requestId);
  }
  if (!body.data) throw new ApiError(`HTTP ${res.status}`, undefined, body.extensions?.requestId);
  return body.data;
}

/** One graphql-ws connection per signed-in token, opened at the first subscription. */
let socket: { token: string; client: Client } | undefined;

export function subscriptionClient(token: string): Client {
  if (socket?.token === token) return socket.client;
  socket?.client.dispose();
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const client = createClient({ url, connectionParams: { authorization: `Bearer ${token}` }, lazy: true, retryAttempts: 5 });
  socket = { token, client };
  return client;
}

export function closeSubscriptions(): void {
  socket?.client.dispose();
  socket = undefined;
}
