import type { ReactNode } from 'react';
import type { QueryResult } from '../api/use-api-query.js';
import { EmptyState } from './empty-state.js';
import { PageHeader } from './page-header.js';
import { QueryView } from './query-view.js';

/** Props of a list page. */
export interface ListPageProps<T> {
  readonly title: string;
  readonly titleId: string;
  /** The page's main actions, beside its title. */
  readonly actions?: ReactNode;
  /** What the last change did ("Class “3B” created"), announced to screen readers. */
  readonly status: string;
  readonly statusTestId?: string;
  readonly query: QueryResult<readonly T[]>;
  readonly loadingLabel: string;
  /** Shown when the list is empty, with a hint of what to do about it. */
  readonly emptyTitle: string;
  readonly emptyHint: string;
  /** The table's header cells. */
  readonly columns: ReactNode;
  /** One item's row, with its key. */
  readonly renderRow: (item: T) => ReactNode;
  /** What opens over the list: its dialogs. */
  readonly children?: ReactNode;
}

/**
 * A page that lists things in a table (facilities, classes, paired devices): title and actions,
 * status line, then the loading, error, empty or loaded list. Written once so every list page
 * says the same things in the same places.
 */
export function ListPage<T>({ title, titleId, actions, status, statusTestId, query, loadingLabel, emptyTitle, emptyHint, columns, renderRow, children }: ListPageProps<T>) {
  return (
    <section aria-labelledby={titleId}>
      <PageHeader title={title} titleId={titleId}>
        {actions}
      </PageHeader>
      <p className="status-line" role="status" data-testid={statusTestId}>
        {status}
      </p>
      <QueryView
        query={query}
        loadingLabel={loadingLabel}
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyState title={emptyTitle}>
            <p>{emptyHint}</p>
          </EmptyState>
        }
      >
        {(list) => (
          <table className="table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>{columns}</tr>
            </thead>
            <tbody>{list.map(renderRow)}</tbody>
          </table>
        )}
      </QueryView>
      {children}
    </section>
  );
}
