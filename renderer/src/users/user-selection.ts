import type { UserDto } from '../../../core/contract/users.js';

/**
 * The users ticked on the users page, by id. It holds copies of the users, not only ids, because a
 * selection outlives the rows loaded around it: "select all" reaches users never scrolled to.
 */
export type UserSelection = ReadonlyMap<string, UserDto>;

/** Nobody selected. */
export const emptySelection: UserSelection = new Map();

/** What changes a selection. */
export type UserSelectionAction =
  /** Ticks (`on`) or unticks these users: one row's box, the header's box, or "select all". */
  | { readonly type: 'toggle'; readonly users: readonly UserDto[]; readonly on: boolean }
  /** These users were removed, restored or deleted: they leave the view, and the selection. */
  | { readonly type: 'drop'; readonly ids: readonly string[] }
  /** A user was edited: a selected copy is replaced, so the bulk actions act on what is current. */
  | { readonly type: 'updated'; readonly user: UserDto }
  | { readonly type: 'clear' };

/** The next selection; the same object when nothing changed, so React skips the render. */
export function userSelectionReducer(selection: UserSelection, action: UserSelectionAction): UserSelection {
  switch (action.type) {
    case 'toggle': {
      const changes = action.users.filter((user) => (action.on ? selection.get(user.id) !== user : selection.has(user.id)));
      if (changes.length === 0) return selection;
      const next = new Map(selection);
      for (const user of changes) {
        if (action.on) next.set(user.id, user);
        else next.delete(user.id);
      }
      return next;
    }
    case 'drop': {
      if (!action.ids.some((id) => selection.has(id))) return selection;
      const next = new Map(selection);
      for (const id of action.ids) next.delete(id);
      return next;
    }
    case 'updated':
      return selection.has(action.user.id) ? new Map(selection).set(action.user.id, action.user) : selection;
    case 'clear':
      return selection.size === 0 ? selection : emptySelection;
  }
}
