import type { JsonValue } from '../sync/model/json-value.js';

/** The fields of one state: a JSON object, overlaid field by field by `setMany`. */
export type StateFields = { readonly [field: string]: JsonValue };

/** One key's current state, as reports walk it. */
export interface LearnerState {
  readonly learnerId: string;
  readonly key: string;
  readonly fields: StateFields;
  /** When the state last changed (ms). */
  readonly modifiedAt: number;
}

/** One version of a key's state; `fields` is null for a deletion of the whole state. */
export interface StateVersion {
  readonly versionId: string;
  readonly fields: StateFields | null;
  readonly createdAt: number;
}
