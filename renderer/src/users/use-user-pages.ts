import { useCallback, useEffect, useRef, useState } from 'react';
import type { UserDto } from '../../../core/contract/users.js';
import { useApi } from '../api/api-context.js';
import { ApiError } from '../api/api-error.js';
import type { UserQuery } from '../api/users-api.js';

/** Rows fetched per request. Small enough to answer fast, large enough that scrolling rarely waits. */
export const USER_PAGE_SIZE = 100;

/** The users list as the table sees it: a total, and rows that arrive page by page as they scroll in. */
export interface UserPages {
  /** Identifies the facility and query; changes when either does. */
  readonly key: string;
  /** `loading` until the first page answers; `error` if it failed. */
  readonly status: 'loading' | 'error' | 'ready';
  readonly error: ApiError | null;
  /** A later page failed; the rows already shown stay. */
  readonly pageError: ApiError | null;
  readonly total: number;
  /** True while a reload after a change is under way (the old rows stay visible meanwhile). */
  readonly refreshing: boolean;
  rowAt(index: number): UserDto | undefined;
  /** Loads the pages covering rows `first..last` that are not loaded yet. */
  ensureRange(first: number, last: number): void;
  /** Every row loaded so far, for "select all shown". */
  loadedRows(): UserDto[];
  /** Forgets every page and loads again (after a change, or to retry). */
  reload(): void;
}

interface Cache {
  readonly key: string;
  readonly pages: Map<number, readonly UserDto[]>;
  readonly inFlight: Set<number>;
  readonly abort: AbortController;
}

function toApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'UNEXPECTED_RESPONSE', String(error));
}

/**
 * Server-side paging behind a virtualised table: only the pages the viewport needs are fetched, so a
 * facility of 10,000 users costs a few small requests and a few dozen DOM rows, never the whole list.
 */
export function useUserPages(facilityId: string, query: UserQuery): UserPages {
  const api = useApi();
  const key = JSON.stringify([facilityId, query]);
  const cache = useRef<Cache | null>(null);
  const [, setVersion] = useState(0);
  const [reloadCount, setReloadCount] = useState(0);
  const [total, setTotal] = useState(0);
  const [status, setStatus] = useState<'loading' | 'error' | 'ready'>('loading');
  const [error, setError] = useState<ApiError | null>(null);
  const [pageError, setPageError] = useState<ApiError | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const previousRows = useRef<Map<number, readonly UserDto[]> | null>(null);

  const loadPage = useCallback(
    (current: Cache, pageIndex: number, onFirst?: () => void) => {
      if (current.pages.has(pageIndex) || current.inFlight.has(pageIndex)) return;
      current.inFlight.add(pageIndex);
      api.users.list(facilityId, query, pageIndex + 1, USER_PAGE_SIZE, current.abort.signal).then(
        (page) => {
          current.inFlight.delete(pageIndex);
          if (cache.current !== current) return;
          current.pages.set(pageIndex, page.items);
          previousRows.current = null;
          setTotal(page.total);
          setStatus('ready');
          setRefreshing(false);
          onFirst?.();
          setVersion((value) => value + 1);
        },
        (caught: unknown) => {
          current.inFlight.delete(pageIndex);
          if (cache.current !== current || current.abort.signal.aborted) return;
          if (current.pages.size === 0) {
            setStatus('error');
            setError(toApiError(caught));
            setRefreshing(false);
          } else {
            setPageError(toApiError(caught));
          }
        },
      );
    },
    // `key` stands for facilityId and query, which are new objects on every render.
    [api, key],
  );

  useEffect(() => {
    const previous = cache.current;
    previous?.abort.abort();
    // Keep the old rows on screen while the new first page loads, so typing does not flash a spinner.
    previousRows.current = previous && previous.pages.size > 0 ? previous.pages : previousRows.current;
    const current: Cache = { key, pages: new Map(), inFlight: new Set(), abort: new AbortController() };
    cache.current = current;
    setError(null);
    setPageError(null);
    if (previousRows.current) setRefreshing(true);
    else setStatus('loading');
    loadPage(current, 0);
    return () => current.abort.abort();
  }, [key, reloadCount, loadPage]);

  const rows = (): Map<number, readonly UserDto[]> => {
    const current = cache.current;
    if (current && current.pages.size > 0) return current.pages;
    return previousRows.current ?? new Map();
  };

  return {
    key,
    status,
    error,
    pageError,
    total,
    refreshing,
    rowAt(index: number) {
      return rows().get(Math.floor(index / USER_PAGE_SIZE))?.[index % USER_PAGE_SIZE];
    },
    ensureRange(first: number, last: number) {
      const current = cache.current;
      if (!current || current.pages.size === 0) return;
      for (let page = Math.floor(first / USER_PAGE_SIZE); page <= Math.floor(last / USER_PAGE_SIZE); page++) loadPage(current, page);
    },
    loadedRows() {
      return [...rows().entries()].sort(([a], [b]) => a - b).flatMap(([, items]) => items);
    },
    reload: () => setReloadCount((value) => value + 1),
  };
}
