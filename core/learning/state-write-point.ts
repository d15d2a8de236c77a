/**
 * Named points of the two-file write, where a test may inject a crash:
 * - `after-state-commit`: the state row and its outbox version are committed in default, history is not written;
 * - `after-history-commit`: the version is in history, the outbox does not know yet.
 */
export type StateWritePoint = 'after-state-commit' | 'after-history-commit';
