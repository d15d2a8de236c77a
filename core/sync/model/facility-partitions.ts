import { CoreError } from '../../common/core-error.js';

// Ids become segments of a partition; a ':' or a line break inside one would let a partition pose
// as another one (filters are newline-separated and containment stops at ':').
const SEGMENT = /^[^\s:]+$/;

function segment(kind: string, value: string): string {
  if (!SEGMENT.test(value)) throw new CoreError('INVALID_INPUT', `A ${kind} id used in a sync partition may not be empty or contain ':' or spaces: "${value}".`);
  return value;
}

/**
 * Kolibri's partitions of the `facilitydata` profile. Each facility is one dataset; a record's
 * partition decides which certificates may read or write it.
 */
export const facilityPartitions = Object.freeze({
  /** Facility-wide data nobody else is scoped to: lessons, quizzes. */
  dataset: (datasetId: string): string => segment('dataset', datasetId),
  /** Records written by anonymous learners. */
  anonymous: (datasetId: string): string => `${segment('dataset', datasetId)}:anonymous`,
  /** Data every user of the facility reads: the facility itself, classes, groups. */
  allUsersReadOnly: (datasetId: string): string => `${segment('dataset', datasetId)}:allusers-ro`,
  /** A user, their roles and memberships: readable by that user, writable by admins. */
  userReadOnly: (datasetId: string, userId: string): string => `${segment('dataset', datasetId)}:user-ro:${segment('user', userId)}`,
  /** A user's own records (logs): readable and writable by that user. */
  userReadWrite: (datasetId: string, userId: string): string => `${segment('dataset', datasetId)}:user-rw:${segment('user', userId)}`,
});
