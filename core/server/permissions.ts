import { CoreError } from '../common/core-error.js';
import type { UserDto } from '../contract/users.js';
import type { ClassAdministration, ClassroomRecord, FacilityUserRecord, UserScope, UserUpdate } from '../facility/index.js';

/**
 * Who may do what: the one place every route asks. A superuser manages the device (every
 * facility); an admin manages their own facility; a coach reads the classes they coach and those
 * classes' learners; a learner reads and updates only themselves. Each `assert*` throws
 * PERMISSION_DENIED (403) with a message a person can act on.
 */
export interface Permissions {
  /** Device management: creating and deleting facilities. */
  assertSuperuser(actor: UserDto): void;
  /** Reading a facility's name and counts: its members and superusers. */
  assertCanReadFacility(actor: UserDto, facilityId: string): void;
  /** Managing a facility's users and classes: its admins and superusers. */
  assertCanManageFacility(actor: UserDto, facilityId: string): void;
  /** Deleting a facility: a superuser, and not the facility they belong to themselves. */
  assertCanDeleteFacility(actor: UserDto, facilityId: string): void;
  /** Reading a user: themselves, their facility's admins, their coaches, superusers. */
  assertCanReadUser(actor: UserDto, target: FacilityUserRecord): void;
  /** Changing a user: admins (not their own role or superuser status); the user themselves for personal fields. */
  assertCanUpdateUser(actor: UserDto, target: FacilityUserRecord, update: UserUpdate): void;
  /** Removing or restoring users: admins of each user's facility; never oneself; superusers only by superusers. */
  assertCanRemoveUsers(actor: UserDto, targets: readonly UserScope[]): void;
  /** Which classes of a facility the actor may list: all (admin), their own (coach); learners none. */
  classListScope(actor: UserDto, facilityId: string): { readonly coachId?: string };
  /** Reading a class with its roster: admins of its facility and its coaches. */
  assertCanReadClass(actor: UserDto, klass: ClassroomRecord): void;
}

/** Fields a user may change on their own account. */
const SELF_SERVICE_FIELDS: ReadonlySet<keyof UserUpdate> = new Set(['fullName', 'password', 'birthYear', 'gender']);

function denied(message: string): CoreError {
  return new CoreError('PERMISSION_DENIED', message);
}

/** The one "manages this facility" rule: a superuser manages every facility, an admin their own. */
export function managesFacility(actor: Pick<UserDto, 'isSuperuser' | 'kind' | 'facilityId'>, facilityId: string): boolean {
  return actor.isSuperuser || (actor.kind === 'admin' && actor.facilityId === facilityId);
}

/**
 * Looking up another device's facilities before pairing with it: any superuser or admin, of any
 * facility. The facility to pair for may not be on this device yet (that is what the look-up is
 * for), so "manages this facility" cannot be asked; pairing itself then asks it (docs/facility.md).
 */
export function assertCanLookUpPeerFacilities(actor: Pick<UserDto, 'isSuperuser' | 'kind'>): void {
  if (!actor.isSuperuser && actor.kind !== 'admin') throw denied('Only an admin can look up another device’s facilities.');
}

/** Creates the permission checks; class and coaching questions go to the class administration. */
export function createPermissions(facility: Pick<ClassAdministration, 'isCoachOf' | 'coachesLearner'>): Permissions {
  const assertCanManageFacility = (actor: UserDto, facilityId: string) => {
    if (!managesFacility(actor, facilityId)) {
      throw denied(actor.facilityId === facilityId ? 'Only an admin of this facility can do this.' : 'You can only manage your own facility.');
    }
  };

  return Object.freeze({
    assertSuperuser(actor: UserDto) {
      if (!actor.isSuperuser) throw denied('Only a superuser of this device can do this.');
    },

    assertCanReadFacility(actor: UserDto, facilityId: string) {
      if (!actor.isSuperuser && actor.facilityId !== facilityId) throw denied('You can only see your own facility.');
    },

    assertCanManageFacility,

    assertCanDeleteFacility(actor: UserDto, facilityId: string) {
      if (!actor.isSuperuser) throw denied('Only a superuser of this device can delete a facility.');
      if (actor.facilityId === facilityId) {
        throw denied('You cannot delete the facility your own account belongs to; sign in as a superuser of another facility to do it.');
      }
    },

    assertCanReadUser(actor: UserDto, target: FacilityUserRecord) {
      if (actor.id === target.id || managesFacility(actor, target.facilityId)) return;
      if (actor.kind !== 'learner' && actor.facilityId === target.facilityId && facility.coachesLearner(actor.id, target.id)) return;
      throw denied('You can only see your own account.');
    },

    assertCanUpdateUser(actor: UserDto, target: FacilityUserRecord, update: UserUpdate) {
      const fields = (Object.keys(update) as (keyof UserUpdate)[]).filter((field) => update[field] !== undefined);
      if (update.isSuperuser !== undefined && !actor.isSuperuser) throw denied('Only a superuser can grant or revoke superuser status.');
      if (target.isSuperuser && !actor.isSuperuser && actor.id !== target.id) throw denied('Only a superuser can change a superuser.');
      if (managesFacility(actor, target.facilityId)) {
        if (actor.id === target.id && update.role !== undefined && update.role !== actor.kind) {
          throw denied('You cannot change your own role; ask another admin.');
        }
        return;
      }
      if (actor.id !== target.id) throw denied('You can only change your own account.');
      const forbidden = fields.filter((field) => !SELF_SERVICE_FIELDS.has(field));
      if (forbidden.length > 0) throw denied(`You cannot change your own ${forbidden.join(', ')}; ask an admin.`);
    },

    assertCanRemoveUsers(actor: UserDto, targets: readonly UserScope[]) {
      for (const target of targets) {
        if (target.id === actor.id) throw denied('You cannot remove your own account. Ask another admin if it must go.');
        assertCanManageFacility(actor, target.facilityId);
        if (target.isSuperuser && !actor.isSuperuser) throw denied('Only a superuser can remove a superuser.');
      }
    },

    classListScope(actor: UserDto, facilityId: string) {
      if (managesFacility(actor, facilityId)) return {};
      if (actor.facilityId === facilityId && actor.kind === 'coach') return { coachId: actor.id };
      throw denied('Only coaches and admins can see classes.');
    },

    assertCanReadClass(actor: UserDto, klass: ClassroomRecord) {
      if (managesFacility(actor, klass.facilityId)) return;
      if (actor.facilityId === klass.facilityId && facility.isCoachOf(actor.id, klass.id)) return;
      throw denied('You can only see the classes you coach.');
    },
  });
}
