/** Which users a users page lists. */
export type UsersViewKind = 'active' | 'removed';

/** What differs between a facility's users and its removed users, said once. */
export interface UsersView {
  readonly kind: UsersViewKind;
  /** The list asks the server for removed users. */
  readonly deleted: boolean;
  readonly title: 'users.title' | 'users.removedTitle';
  readonly empty: 'users.empty' | 'users.noRemoved';
  readonly emptyHint: 'users.emptyHint' | null;
  /** Users are added here: new, import (and a running one resumed), export, and the username-clash notice. */
  readonly addsUsers: boolean;
}

/** The two views of the users page. */
export const usersViews: Readonly<Record<UsersViewKind, UsersView>> = Object.freeze({
  active: { kind: 'active', deleted: false, title: 'users.title', empty: 'users.empty', emptyHint: 'users.emptyHint', addsUsers: true },
  removed: { kind: 'removed', deleted: true, title: 'users.removedTitle', empty: 'users.noRemoved', emptyHint: null, addsUsers: false },
});
