import { CoreError } from '../common/core-error.js';
import type { ClassroomDetail, ClassroomRecord, LearnerGroupRecord } from './facility-records.js';
import { LOCAL_WRITE, notFound, uniqueIds, type FacilityInternals } from './facility-internals.js';

/** A facility's classes and learner groups: their rosters, and who coaches whom. */
export interface ClassAdministration {
  /** The classes of a facility (only those `coachId` coaches, when given). */
  listClasses(facilityId: string, options?: { readonly coachId?: string }): ClassroomRecord[];
  /** The class with its learners and coaches, or undefined. */
  getClass(classId: string): ClassroomDetail | undefined;
  /** Creates a class; CONFLICT for a name the facility uses. */
  createClass(facilityId: string, input: { readonly name: string }): ClassroomRecord;
  /** Renames a class. */
  renameClass(classId: string, name: string): ClassroomRecord;
  /** Deletes a class with its groups, memberships and coach roles. */
  deleteClass(classId: string): void;
  /** Makes exactly these users the class's learners. */
  setClassLearners(classId: string, userIds: readonly string[]): ClassroomDetail;
  /** Makes exactly these coaches or admins the class's coaches. */
  setClassCoaches(classId: string, userIds: readonly string[]): ClassroomDetail;
  /** The learner groups of a class. */
  listGroups(classId: string): LearnerGroupRecord[];
  /** Creates a learner group. */
  createGroup(classId: string, input: { readonly name: string }): LearnerGroupRecord;
  /** Deletes a learner group. */
  deleteGroup(groupId: string): void;
  /** Makes exactly these learners of the class the group's members. */
  setGroupLearners(groupId: string, userIds: readonly string[]): void;
  /** Whether the user coaches the class. */
  isCoachOf(userId: string, classId: string): boolean;
  /** Whether `coachId` coaches a class `learnerId` is a learner of. */
  coachesLearner(coachId: string, learnerId: string): boolean;

}

/** Creates the class administration over the facility's shared parts. */
export function createClassAdministration(internals: FacilityInternals): ClassAdministration {
  const { writePath, classQueries, newId } = internals;
  const { classes, facilities } = internals.repositories;

  const service: ClassAdministration = {
    listClasses(facilityId, listOptions) {
      internals.requireFacility(facilityId);
      return classQueries.list(facilityId, listOptions);
    },

    getClass: (classId) => classQueries.detail(classId),

    createClass(facilityId, input) {
      const id = newId();
      writePath.write(LOCAL_WRITE, (scope) => {
        const facility = facilities.requireFacility(scope, facilityId);
        classes.create(scope, { id, facilityId, datasetId: facility.datasetId, name: input.name });
      });
      return internals.requireClass(id);
    },

    renameClass(classId, name) {
      writePath.write(LOCAL_WRITE, (scope) => classes.rename(scope, classId, name));
      return internals.requireClass(classId);
    },

    deleteClass(classId) {
      writePath.write(LOCAL_WRITE, (scope) => {
        classes.requireClass(scope, classId);
        classes.delete(scope, [classId]);
      });
    },

    setClassLearners(classId, userIds) {
      writePath.write(LOCAL_WRITE, (scope) => classes.setLearners(scope, classId, uniqueIds(userIds)));
      return internals.requireClass(classId);
    },

    setClassCoaches(classId, userIds) {
      writePath.write(LOCAL_WRITE, (scope) => classes.setCoaches(scope, classId, uniqueIds(userIds)));
      return internals.requireClass(classId);
    },

    listGroups(classId) {
      internals.requireClass(classId);
      return classQueries.groups(classId);
    },

    createGroup(classId, input) {
      const id = newId();
      writePath.write(LOCAL_WRITE, (scope) => classes.createGroup(scope, { id, classroomId: classId, name: input.name }));
      const group = classQueries.groups(classId).find((candidate) => candidate.id === id);
      if (!group) throw CoreError.bug('A learner group just created cannot be read back.');
      return group;
    },

    deleteGroup(groupId) {
      writePath.write(LOCAL_WRITE, (scope) => {
        const exists = scope.db.first(scope.db.kysely.selectFrom('learner_group').select('id').where('id', '=', groupId));
        if (!exists) throw notFound('learner group', groupId);
        classes.deleteGroups(scope, [groupId]);
      });
    },

    setGroupLearners(groupId, userIds) {
      writePath.write(LOCAL_WRITE, (scope) => classes.setGroupLearners(scope, groupId, uniqueIds(userIds)));
    },

    isCoachOf: (userId, classId) => classQueries.isCoachOf(userId, classId),
    coachesLearner: (coachId, learnerId) => classQueries.coachesLearner(coachId, learnerId),

  };
  return Object.freeze(service);
}
