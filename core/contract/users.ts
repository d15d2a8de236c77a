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
