import { describe, expect, it } from 'vitest';
import { createActionRunner, idleAction, type ActionState } from './action-runner.js';

/** A promise the test settles by hand, so "still running" is a fact and not a wait. */
function deferred() {
  let resolve!: () => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

function setup() {
  const changes: ActionState[] = [];
  const runner = createActionRunner({ describe: (caught) => `described: ${String(caught)}`, onChange: (state) => changes.push(state) });
  return { runner, changes };
}

describe('action runner', () => {
  it('is busy while the work runs, then idle again when it succeeds', async () => {
    const { runner, changes } = setup();
    expect(runner.state()).toEqual(idleAction);
    const work = deferred();
    const done = runner.run(() => work.promise);
    expect(runner.state()).toEqual({ busy: true, error: null });
    work.resolve();
    await expect(done).resolves.toBe(true);
    expect(runner.state()).toEqual({ busy: false, error: null });
    expect(changes).toEqual([
      { busy: true, error: null },
      { busy: false, error: null },
    ]);
  });

  it('shows a failure in words and stops being busy, so the user can try again', async () => {
    const { runner } = setup();
    await expect(runner.run(() => Promise.reject(new Error('offline')))).resolves.toBe(false);
    expect(runner.state()).toEqual({ busy: false, error: 'described: Error: offline' });

    // Trying again clears the old message while the new attempt runs.
    const work = deferred();
    const again = runner.run(() => work.promise);
    expect(runner.state()).toEqual({ busy: true, error: null });
    work.resolve();
    await expect(again).resolves.toBe(true);
    expect(runner.state().error).toBeNull();
  });

  it('refuses a second run while one is going (a double click saves once)', async () => {
    const { runner } = setup();
    const work = deferred();
    let calls = 0;
    const first = runner.run(() => {
      calls++;
      return work.promise;
    });
    await expect(
      runner.run(() => {
        calls++;
        return Promise.resolve();
      }),
    ).resolves.toBe(false);
    expect(calls).toBe(1);
    expect(runner.state()).toEqual({ busy: true, error: null });
    work.resolve();
    await expect(first).resolves.toBe(true);
  });

  it('lets a run word its own failure, or hide it when it was shown elsewhere', async () => {
    const { runner } = setup();
    const seen: string[] = [];
    await runner.run(() => Promise.reject('taken'), {
      describe: (caught, message) => {
        seen.push(message);
        return `username ${String(caught)}`;
      },
    });
    expect(seen).toEqual(['described: taken']);
    expect(runner.state()).toEqual({ busy: false, error: 'username taken' });

    await runner.run(() => Promise.reject('field error'), { describe: () => null });
    expect(runner.state()).toEqual({ busy: false, error: null });
  });

  it('shows a message set without running, clears it when a run starts, and keeps one the work set', async () => {
    const { runner, changes } = setup();
    runner.setError('Enter your username and password.');
    expect(runner.state()).toEqual({ busy: false, error: 'Enter your username and password.' });

    // The call answered, but the job is not finished: the work says so, and success keeps it.
    await expect(
      runner.run(async () => {
        expect(runner.state()).toEqual({ busy: true, error: null });
        runner.setError('The other device was busy; import again to resume.');
      }),
    ).resolves.toBe(true);
    expect(runner.state()).toEqual({ busy: false, error: 'The other device was busy; import again to resume.' });

    // Nothing changed, nothing to render.
    const before = changes.length;
    runner.setError('The other device was busy; import again to resume.');
    expect(changes.length).toBe(before);
    runner.setError(null);
    expect(runner.state()).toEqual(idleAction);
  });
});
