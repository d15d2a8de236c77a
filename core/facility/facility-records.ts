/** A person's facility-level kind. Class coach roles come on top of `coach` (or `admin`). */
export type UserKind = 'admin' | 'coach' | 'learner';

/** Why users were signed out by a facility write. */
export type UserDeletionReason = 'user-deleted' | 'facility-deleted';

/** What `onDidDeleteUsers` reports: the users who became deleted by one committed write. */
export interface UsersDeletedEvent {
  readonly userIds: readonly string[];
  readonly reason: UserDeletionReason;
}

/** What `onDidPurgeUsers` reports: users whose rows one committed write removed for good (hard delete, facility deletion). */
export interface UsersPurgedEvent {
  readonly userIds: readonly string[];
}

/** A facility as the domain shows it. */
export interface FacilityRecord {
  readonly id: string;
  readonly name: string;
  readonly datasetId: string;
  readonly dateCreated: string;
  /** Active (not removed) users. */
  readonly userCount: number;
  readonly classCount: number;
}

/** A facility user without the password hash; the same shape as the contract's `UserDto`. */
export interface FacilityUserRecord {
  readonly id: string;
  readonly facilityId: string;
  readonly username: string;
  readonly fullName: string;
  readonly kind: UserKind;
  readonly isSuperuser: boolean;
  readonly birthYear: number | null;
  readonly gender: string | null;
  readonly idNumber: string | null;
  readonly dateDeleted: string | null;
}

/** What decides who may manage a user: their facility and whether they are a superuser. */
export type UserScope = Pick<FacilityUserRecord, 'id' | 'facilityId' | 'isSuperuser'>;

/** How a user list is sorted. */
export type UserSortKey = 'username' | 'fullName' | 'kind' | 'dateCreated';

/** A page request over a facility's users. */
export interface UserQuery {
  /** Case-insensitive substring of username or full name. */
  readonly search?: string;
  readonly role?: UserKind | 'superuser';
  /** False (default): active users only. True: removed (soft-deleted) users only. */
  readonly deleted?: boolean;
  readonly sort?: UserSortKey;
  readonly direction?: 'asc' | 'desc';
  /** 1-based. */
  readonly page?: number;
  readonly pageSize?: number;
}

/** One page of users and how many match in all. */
export interface UserPage {
  readonly items: readonly FacilityUserRecord[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** A class with its head counts. */
export interface ClassroomRecord {
  readonly id: string;
  readonly facilityId: string;
  readonly name: string;
  readonly dateCreated: string;
  readonly learnerCount: number;
  readonly coachCount: number;
}

/** A class with its active learners and coaches. */
export interface ClassroomDetail extends ClassroomRecord {
  readonly learners: readonly FacilityUserRecord[];
  readonly coaches: readonly FacilityUserRecord[];
}

/** A group of learners inside a class. */
export interface LearnerGroupRecord {
  readonly id: string;
  readonly classroomId: string;
  readonly name: string;
  readonly learnerIds: readonly string[];
}
