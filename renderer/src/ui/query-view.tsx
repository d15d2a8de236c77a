import type { ReactNode } from 'react';
import type { QueryResult } from '../api/use-api-query.js';
import { ErrorState } from './error-state.js';
import { LoadingState } from './loading-state.js';

/** Props of a query's view. */
export interface QueryViewProps<T> {
  readonly query: QueryResult<T>;
  readonly loadingLabel?: string;
  /** Shown instead of `children` when the data is empty. */
  readonly empty?: ReactNode;
  readonly isEmpty?: (data: T) => boolean;
  readonly children: (data: T) => ReactNode;
}

/** Renders the loading, error, empty and loaded states of a query, so no view forgets one. */
export function QueryView<T>({ query, loadingLabel, empty, isEmpty, children }: QueryViewProps<T>) {
  if (query.status === 'loading') return <LoadingState label={loadingLabel} />;
  if (query.status === 'error') return <ErrorState error={query.error} onRetry={query.reload} />;
  if (empty !== undefined && isEmpty?.(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}
