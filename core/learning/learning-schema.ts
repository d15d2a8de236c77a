/** The current state of one learner's key: the overlay of every version so far. */
export interface LearnerStateTable {
  /** Derived from (learner, key), so the same state has the same id on every device (its sync source id). */
  id: string;
  dataset_id: string;
  learner_id: string;
  /** The part of the key before its first `/`, e.g. `quiz:<id>`: what reports walk by. */
  activity: string;
  state_key: string;
  /** The fields as a JSON object; null once the whole state was deleted. */
  fields: string | null;
  /** The history version this row holds. */
  version_id: string;
  modified_at: number;
  sync_dirty: number;
  sync_edited_at: number;
}

/**
 * The outbox of history: each version written here in the same transaction as the state row, then
 * copied to `history.sqlite3`. A row stays until it is both copied and serialized for sync.
 */
export interface LearnerStateVersionTable {
  version_id: string;
  state_id: string;
  dataset_id: string;
  learner_id: string;
  activity: string;
  state_key: string;
  /** The whole state after this version, as JSON; null for a deletion. */
  fields: string | null;
  created_at: number;
  /** 1 once the version is in `history.sqlite3`. */
  copied: number;
  sync_dirty: number;
  sync_edited_at: number;
}

/** A past version of a learner's state, in `history.sqlite3`. Never updated. */
export interface LearnerStateHistoryTable {
  version_id: string;
  state_id: string;
  dataset_id: string;
  learner_id: string;
  activity: string;
  state_key: string;
  fields: string | null;
  created_at: number;
}

/** A quiz of one class. Questions (with their answer key) are JSON. */
export interface QuizTable {
  id: string;
  dataset_id: string;
  facility_id: string;
  classroom_id: string;
  title: string;
  questions: string;
  status: 'draft' | 'assigned' | 'closed';
  created_by: string;
  created_at: number;
  updated_at: number;
  sync_dirty: number;
  sync_edited_at: number;
}

/** The memberships the learning domain reads (never writes) to find a learner's classes. */
export interface MembershipView {
  user_id: string;
  classroom_id: string;
  learner_group_id: string | null;
}

/** The kysely schema of the learning tables in `default.sqlite3`. */
export interface LearningSchema {
  learner_state: LearnerStateTable;
  learner_state_version: LearnerStateVersionTable;
  quiz: QuizTable;
  membership: MembershipView;
  classroom: { id: string };
}

/** The kysely schema of `history.sqlite3`. */
export interface HistorySchema {
  learner_state_history: LearnerStateHistoryTable;
}
