import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { ApiError } from './api-error.js';

/** The state of a query: every view renders all three. */
export type QueryState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: ApiError }
  | { readonly status: 'success'; readonly data: T; readonly refreshing: boolean };

/** A query's state plus a way to load it again (after a failure, or after a change). */
export type QueryResult<T> = QueryState<T> & { readonly reload: () => void };

/** Anything thrown that is not an ApiError is a defect; it still gets a message and a retry. */
function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'UNEXPECTED_RESPONSE', error instanceof Error ? error.message : String(error));
}

/**
 * Loads data for a view and reloads when `deps` change. A reload keeps the previous data on screen
 * (`refreshing`) instead of flashing a spinner; an abandoned load is aborted.
 */
export function useApiQuery<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): QueryResult<T> {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    setState((previous) => (previous.status === 'success' ? { ...previous, refreshing: true } : { status: 'loading' }));
    load(abort.signal).then(
      (data) => {
        if (!abort.signal.aborted) setState({ status: 'success', data, refreshing: false });
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setState({ status: 'error', error: toApiError(error) });
      },
    );
    return () => abort.abort();
    // `load` is a new closure each render; `deps` says when it really changed.
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}
