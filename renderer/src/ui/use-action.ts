import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createActionRunner, idleAction, type ActionRunner, type ActionState } from './action-runner.js';
import { describeError } from './describe-error.js';

/** A user action's state and its controls, for a view. */
export interface Action extends ActionState {
  readonly run: ActionRunner['run'];
  readonly setError: ActionRunner['setError'];
}

/**
 * Busy flag, error message and `run` for a view's action, so no view hand-rolls the try / catch /
 * finally. Failures are described in the UI's language unless a run says otherwise.
 */
export function useAction(): Action {
  const { t } = useTranslation();
  const [state, setState] = useState<ActionState>(idleAction);
  // The runner lives as long as the view; the language may change meanwhile.
  const translate = useRef(t);
  translate.current = t;
  const [runner] = useState(() => createActionRunner({ describe: (caught) => describeError(translate.current, caught), onChange: setState }));
  return { ...state, run: runner.run, setError: runner.setError };
}
