import type { Generated, GeneratedAlways } from 'kysely';
import type { SyncDeletionKind } from '../sync/model/sync-deletion-log.js';

// Module-private to core/facility (see the `facility-internals-private` layer rule): without these
// types nobody outside the facility domain can build a typed write to a facility table.

/** The sync root: every syncable facility row names its dataset. */
export interface FacilityDatasetTable {
  id: string;
  description: string;
  date_created: string;
  sync_dirty: Generated<number>;
  /** Milliseconds: when a local write last changed the row (null before it was tracked). */
  sync_edited_at: Generated<number | null>;
}

/** A school or learning centre. */
export interface FacilityTable {
  id: string;
  dataset_id: string;
  name: string;
  date_created: string;
  sync_dirty: Generated<number>;
  /** Milliseconds: when a local write last changed the row (null before it was tracked). */
  sync_edited_at: Generated<number | null>;
}

/** A person who signs in to a facility. `date_deleted` set means soft-deleted ("removed"). */
export interface FacilityUserTable {
  id: string;
  facility_id: string;
  dataset_id: string;
  username: string;
  full_name: string;
  password_hash: string;
  birth_year: number | null;
  gender: string | null;
  id_number: string | null;
  date_created: string;
  date_deleted: string | null;
  sync_dirty: Generated<number>;
  /** Milliseconds: when a local write last changed the row (null before it was tracked). */
  sync_edited_at: Generated<number | null>;
}

/**
 * Device-local (never synced) comparison keys of a user's username (see `username-key.ts`). A
 * user whose key another user of the facility already holds is "held": `clash_with` names that
 * user, and the held user cannot sign in by that name until an admin renames one of the two. A
 * table of its own, not columns of `facility_user`: the sync serializer sends every column of a
 * synced row, and whether a user is held is this device's business.
 */
export interface FacilityUsernameTable {
  user_id: string;
  facility_id: string;
  username_key: string;
  skeleton: string;
  clash_with: string | null;
  /** `migration` (two old rows normalised to one key) or `sync` (a peer's user arrived with a taken key). */
  clash_source: 'migration' | 'sync' | null;
  clash_at: string | null;
}

/** A facility-level role (`classroom_id` null) or a class coach role. */
export interface RoleTable {
  id: string;
  user_id: string;
  facility_id: string;
  classroom_id: string | null;
  dataset_id: string;
  kind: 'admin' | 'coach';
  sync_dirty: Generated<number>;
  /** Milliseconds: when a local write last changed the row (null before it was tracked). */
  sync_edited_at: Generated<number | null>;
}

/** A class of a facility. */
export interface ClassroomTable {
  id: string;
  facility_id: string;
  dataset_id: string;
  name: string;
  date_created: string;
  sync_dirty: Generated<number>;
  /** Milliseconds: when a local write last changed the row (null before it was tracked). */
  sync_edited_at: Generated<number | null>;
}

/** A group of learners inside a class. */
export interface LearnerGroupTable {
  id: string;
  classroom_id: string;
  facility_id: string;
  dataset_id: string;
  name: string;
  date_created: string;
  sync_dirty: Generated<number>;
  /** Milliseconds: when a local write last changed the row (null before it was tracked). */
  sync_edited_at: Generated<number | null>;
}

/** A learner's place in a class (`learner_group_id` null) or in one of its groups. */
export interface MembershipTable {
  id: string;
  user_id: string;
  classroom_id: string;
  learner_group_id: string | null;
  dataset_id: string;
  sync_dirty: Generated<number>;
  /** Milliseconds: when a local write last changed the row (null before it was tracked). */
  sync_edited_at: Generated<number | null>;
}

/** Device-local permissions (not synced): who is a device superuser. */
export interface DevicePermissionsTable {
  user_id: string;
  is_superuser: number;
  date_created: string;
}

/** Device-local settings (one row, id 1), written by first-run setup. */
export interface DeviceSettingsTable {
  id: number;
  default_facility_id: string | null;
  provisioned_at: string;
  /** The name an admin gave this device; null: the OS host name. */
  device_name: string | null;
}

/**
 * Deletions waiting for the sync engine (the deletion-log contract of `core/sync/model`, whose
 * `SyncDeletionKind` says what each kind means); `hard` is 1 for a permanent deletion. A facility
 * deletion is one `purge` row for the whole dataset: removing a facility from one laptop must not
 * delete it at the school.
 */
export interface SyncDeletionTable {
  id: Generated<number>;
  model_name: string;
  /** The deleted row's source id (its primary key); for `purge`, the dataset id. */
  source_id: string;
  dataset_id: string;
  kind: SyncDeletionKind;
  hard: GeneratedAlways<number>;
  deleted_at: string;
}

/** The kysely schema of the facility tables. */
export interface FacilitySchema {
  facility_dataset: FacilityDatasetTable;
  facility: FacilityTable;
  facility_user: FacilityUserTable;
  facility_username: FacilityUsernameTable;
  role: RoleTable;
  classroom: ClassroomTable;
  learner_group: LearnerGroupTable;
  membership: MembershipTable;
  device_permissions: DevicePermissionsTable;
  device_settings: DeviceSettingsTable;
  sync_deletion: SyncDeletionTable;
}

/** Every table the facility domain owns, for routing and for the write-privacy check. */
export const facilityTables = Object.freeze([
  'facility_dataset',
  'facility',
  'facility_user',
  'facility_username',
  'role',
  'classroom',
  'learner_group',
  'membership',
  'device_permissions',
  'device_settings',
  'sync_deletion',
] as const satisfies readonly (keyof FacilitySchema)[]);
