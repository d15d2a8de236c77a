/** What a user action shows: whether it is running, and the message of its last failure. */
export interface ActionState {
  readonly busy: boolean;
  readonly error: string | null;
}

/** An action that has not run, or ran and succeeded. */
export const idleAction: ActionState = Object.freeze({ busy: false, error: null });

/**
 * How one run shows its failure: the message to show (`message` is the default description), or
 * `null` when the caller showed it elsewhere (under a field, in a parent's status line).
 */
export type DescribeFailure = (caught: unknown, message: string) => string | null;

/** Options of one run. */
export interface RunOptions {
  readonly describe?: DescribeFailure;
}

/** Runs a user's action (a save, a delete, a sync) one at a time, with its busy flag and error. */
export interface ActionRunner {
  /** The current state. */
  state(): ActionState;
  /**
   * Runs `work`: busy while it runs, its failure described as the error. Resolves true when `work`
   * succeeded, false when it failed or was refused because a run was still going (a double click).
   */
  run(work: () => Promise<unknown>, options?: RunOptions): Promise<boolean>;
  /** Shows a message without running anything (a check made before calling the server), or clears it. */
  setError(message: string | null): void;
}

/** What a runner is built from. */
export interface ActionRunnerOptions {
  /** The default description of a failure, in the UI's language. */
  readonly describe: (caught: unknown) => string;
  /** Called with every new state (React's state setter, in `useAction`). */
  readonly onChange: (state: ActionState) => void;
}

/** Creates a runner; `useAction` keeps one per component. */
export function createActionRunner(options: ActionRunnerOptions): ActionRunner {
  let current: ActionState = idleAction;
  const set = (next: ActionState) => {
    if (next.busy === current.busy && next.error === current.error) return;
    current = next;
    options.onChange(next);
  };
  return Object.freeze({
    state: () => current,
    async run(work: () => Promise<unknown>, runOptions?: RunOptions) {
      if (current.busy) return false;
      set({ busy: true, error: null });
      try {
        await work();
      } catch (caught) {
        const message = options.describe(caught);
        set({ busy: false, error: runOptions?.describe ? runOptions.describe(caught, message) : message });
        return false;
      }
      // Keeps a message the work itself set: a call that answered but did not finish the job.
      set({ busy: false, error: current.error });
      return true;
    },
    setError: (message: string | null) => set({ ...current, error: message }),
  });
}
