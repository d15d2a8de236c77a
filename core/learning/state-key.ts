import { createHash } from 'node:crypto';
import { CoreError } from '../common/core-error.js';

/** The longest state key accepted. */
export const MAX_STATE_KEY_LENGTH = 200;

/** The activity of a key: its part before the first `/` (`quiz:<id>` for `quiz:<id>/question:<n>`). */
export function activityOf(key: string): string {
  const slash = key.indexOf('/');
  return slash === -1 ? key : key.slice(0, slash);
}

/** Refuses an empty, overlong or multi-line key with INVALID_INPUT. */
export function checkStateKey(key: string): void {
  if (key.length === 0 || key.length > MAX_STATE_KEY_LENGTH || /[\r\n]/.test(key)) {
    throw new CoreError('INVALID_INPUT', `A learner state key must be 1 to ${MAX_STATE_KEY_LENGTH} characters on one line: "${key.slice(0, 40)}".`);
  }
}

/**
 * The id of a (learner, key) state. Derived, not random, so that two devices writing the same
 * learner's key write the same syncable record and converge instead of keeping two states.
 */
export function stateIdOf(learnerId: string, key: string): string {
  return createHash('sha256').update(`${learnerId}\n${key}`).digest('hex').slice(0, 32);
}
