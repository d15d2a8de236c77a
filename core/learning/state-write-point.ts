/**
 * Named points of the two-file writes, where a test may inject a crash:
 * - `after-state-commit`: the state row and its outbox version are committed in default, history is not written;
 * - `after-history-commit`: the version is in history, the outbox does not know yet;
 * - `after-history-forget`: forgotten learners' history is gone, their rows in default are not.
 */
export type StateWritePoint = 'after-state-commit' | 'after-history-commit' | 'after-history-forget';
