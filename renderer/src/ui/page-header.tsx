import type { ReactNode } from 'react';

/** A page's title and its main actions. */
export function PageHeader({ title, titleId, children }: { readonly title: string; readonly titleId?: string; readonly children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1 id={titleId}>{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}
