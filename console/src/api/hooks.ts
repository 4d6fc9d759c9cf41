import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { ApiError, request, subscriptionClient } from './client';
import { useSession } from './session';

/** What a screen reads: the data, the error, and whether a request is under way. */
export interface QueryState<R> {
  data: R | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  refetch: () => void;
}

/**
 * Runs a query when the screen shows and again when its variables change; the previous answer
 * stays on screen while the next one loads, and a request overtaken by a newer one is aborted.
 */
export function useQuery<R, V>(document: TypedDocumentString<R, V>, variables: V, options: { skip?: boolean } = {}): QueryState<R> {
  const { token } = useSession();
  const [state, setState] = useState<{ data?: R; error?: Error; loading: boolean }>({ loading: !options.skip });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (options.skip) return setState((s) => ({ ...s, loading: false }));
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    request(document, JSON.parse(key) as V, token, abort.signal).then(
      (data) => setState({ data, loading: false }),
      (error: Error) => {
        if (!abort.signal.aborted) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => abort.abort();
  }, [document, key, token, generation, options.skip]);
  const refetch = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, refetch };
}

/** A mutation to run on a person's action: `run` resolves with the payload or rejects. */
export function useMutation<R, V>(document: TypedDocumentString<R, V>): [run: (variables: V) => Promise<R>, state: { running: boolean; error: Error | undefined }] {
  const { token } = useSession();
  const [state, setState] = useState<{ running: boolean; error?: Error }>({ running: false });
  const run = useCallback(
    async (variables: V) => {
      setState({ running: true });
      try {
        const data = await request(document, variables, token);
        setState({ running: false });
        return data;
      } catch (error) {
        setState({ running: false, error: error as Error });
        throw error;
      }
    },
    [document, token],
  );
  return [run, { running: state.running, error: state.error }];
}

/** Subscribes while `variables` is given; `onData` receives every event. */
export function useSubscription<R, V>(document: TypedDocumentString<R, V>, variables: V | null, onData: (data: R) => void): { error: Error | undefined } {
  const { token } = useSession();
  const [error, setError] = useState<Error>();
  const handler = useRef(onData);
  handler.current = onData;
  const key = variables === null ? null : JSON.stringify(variables);
  useEffect(() => {
    if (key === null || !token) return;
    setError(undefined);
    const client = subscriptionClient(token);
    return client.subscribe<R>(
      { query: document.toString(), variables: JSON.parse(key) as Record<string, unknown> },
      {
        next: (result) => {
          if (result.errors?.length) setError(new ApiError(result.errors[0].message, (result.errors[0].extensions as { code?: string } | undefined)?.code, undefined));
          else if (result.data) handler.current(result.data);
        },
        error: (err) => setError(err instanceof Error ? err : new Error('The live connection closed')),
        complete: () => undefined,
      },
    );
  }, [document, key, token]);
  return { error };
}
