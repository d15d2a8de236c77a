import type { UserDto } from '../../contract/users.js';

/**
 * The users the HTTP layer signs in and checks on every request. The facility service implements
 * it; core/server knows only this seam.
 */
export interface UserDirectory {
  /** The active user with these credentials, or undefined; takes the same time whether or not the username exists. */
  authenticate(username: string, password: string, facilityId?: string): Promise<UserDto | undefined>;
  /** The active (not deleted) user, or undefined. */
  findActiveUser(userId: string): UserDto | undefined;
}

/** A directory with no users: every sign-in fails and every session is treated as absent. */
export const emptyUserDirectory: UserDirectory = Object.freeze({
  authenticate: async () => undefined,
  findActiveUser: () => undefined,
});
