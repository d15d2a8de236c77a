/** The kinds of role a person can hold. `superuser` is device-wide; the others are per facility or class. */
export type RoleKind = 'superuser' | 'admin' | 'coach' | 'learner';

/** A facility user as the API shows it. Never carries the password hash. */
export interface UserDto {
  readonly id: string;
  readonly facilityId: string;
  readonly username: string;
  readonly fullName: string;
  /** The user's facility-level kind: `admin`, `coach` or `learner`. */
  readonly kind: Exclude<RoleKind, 'superuser'>;
  /** True for a device superuser (manages every facility on this device). */
  readonly isSuperuser: boolean;
  readonly birthYear: number | null;
  readonly gender: string | null;
  readonly idNumber: string | null;
  /** ISO time of a soft delete; null for an active user. */
  readonly dateDeleted: string | null;
}

/** The role a facility user is given: the facility-level part of `RoleKind`. */
export type UserRole = Exclude<RoleKind, 'superuser'>;

/** A user's gender; null in a `UserDto` when not given. */
export type Gender = 'female' | 'male' | 'not-specified';

/** What a user list can be sorted by. */
export type UserSortKey = 'username' | 'fullName' | 'kind' | 'dateCreated';

/** `sort=` of a user list: a key, descending with a leading `-` (e.g. `-dateCreated`). */
export type UserSortParam = UserSortKey | `-${UserSortKey}`;

/** Query of `GET /api/facilities/:id/users` (all optional). */
export interface UserListQuery {
  /** Case-insensitive part of a username or full name. */
  readonly search?: string;
  readonly role?: RoleKind;
  /** `true`: only removed (soft-deleted) users; default: only active ones. */
  readonly deleted?: boolean;
  readonly sort?: UserSortParam;
  /** 1-based; default 1. */
  readonly page?: number;
  /** Default 50, at most 1000. */
  readonly pageSize?: number;
}

/** `GET /api/facilities/:id/users` answer: one page and the total that match. */
export interface UserPageDto {
  readonly items: readonly UserDto[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** `POST /api/facilities/:id/users` body. */
export interface CreateUserRequest {
  readonly username: string;
  readonly password: string;
  readonly fullName: string;
  readonly role: UserRole;
  readonly birthYear?: number | null;
  readonly gender?: Gender | null;
  readonly idNumber?: string | null;
}

/**
 * `PATCH /api/users/:id` body; absent fields stay as they are. Users may change their own full
 * name, password, birth year and gender; admins anything but `isSuperuser`, which only superusers set.
 */
export interface UpdateUserRequest {
  readonly username?: string;
  /** A new password. It ends every other session of the user (all of them when set by an admin). */
  readonly password?: string;
  /** Required with `password` when users change their own: a left-open browser must not be enough. */
  readonly currentPassword?: string;
  readonly fullName?: string;
  readonly role?: UserRole;
  readonly isSuperuser?: boolean;
  readonly birthYear?: number | null;
  readonly gender?: Gender | null;
  readonly idNumber?: string | null;
}

/** `POST /api/users/bulk-delete` body: soft delete unless `permanent` is true. */
export interface BulkDeleteUsersRequest {
  readonly ids: readonly string[];
  readonly permanent?: boolean;
}

/** Answer of `DELETE /api/users/:id` and `POST /api/users/bulk-delete`. */
export interface DeleteUsersResponse {
  /** Users named by the request. */
  readonly deleted: number;
  readonly permanent: boolean;
  /** Users who were active and are now signed out everywhere. */
  readonly signedOut: number;
}

/** `POST /api/users/bulk-update` body: the same changes for every listed user. `dateDeleted` removes (an ISO time) or restores (null). */
export interface BulkUpdateUsersRequest {
  readonly ids: readonly string[];
  readonly changes: {
    readonly dateDeleted?: string | null;
    readonly birthYear?: number | null;
    readonly gender?: Gender | null;
  };
}

/** `POST /api/users/bulk-update` answer. */
export interface BulkUpdateUsersResponse {
  readonly updated: number;
  readonly signedOut: number;
  readonly restored: number;
}

/** `POST /api/facilities/:id/users/import` answer (the body is the CSV, `text/csv`). */
export interface UserImportResponse {
  readonly created: number;
}

/** The largest CSV `POST /api/facilities/:id/users/import` accepts. */
export const USER_IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * A held user: a username clash that needs an admin. Two users of the facility have usernames that
 * are the same once normalised (`élève` in NFC and in NFD, `Amina` and `ａｍｉｎａ`), either from
 * before usernames were normalised (`migration`) or because a peer's user arrived with a username a
 * user here already had (`sync`). `user` keeps their data but cannot sign in on this device by that
 * name until one of the two is renamed; `clashesWith` signs in as before.
 */
export interface UsernameClashDto {
  readonly user: UserDto;
  /** The user who holds the username; null if they are gone. */
  readonly clashesWith: UserDto | null;
  readonly source: 'migration' | 'sync';
  /** ISO time the clash was found. */
  readonly foundAt: string;
}

/** `GET /api/facilities/:id/username-clashes` answer (facility admins): the held users, oldest first. */
export interface UsernameClashListResponse {
  readonly clashes: readonly UsernameClashDto[];
}
