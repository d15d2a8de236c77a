import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isCoreError } from '../common/core-error.js';
import { stateIdOf } from './state-key.js';
import type { StateWritePoint } from './state-write-point.js';
import { openStateFixture, type StateFixture } from './test-support/state-fixture.js';

class SimulatedCrash extends Error {}

function tablesIn(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'").all() as { name: string }[]).map((row) => row.name).sort();
  } finally {
    db.close();
  }
}

function historyCount(fixture: StateFixture): number {
  return (fixture.databases.get('history').handle.prepare('select count(*) as n from learner_state_history').get() as { n: number }).n;
}

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return isCoreError(error) ? error.code : 'not a CoreError';
  }
  return undefined;
}

describe('learner state store', () => {
  let fixture: StateFixture;
  afterEach(async () => fixture?.close());

  it('overlays fields on what is stored instead of replacing the object', async () => {
    fixture = await openStateFixture();
    fixture.store.setMany('ana', { 'quiz:q1/question:a': { answer: 2, seen: true } });
    fixture.store.setMany('ana', { 'quiz:q1/question:a': { answer: 3 } });
    expect(fixture.store.getMany('ana', ['quiz:q1/question:a'])).toEqual(new Map([['quiz:q1/question:a', { answer: 3, seen: true }]]));
    expect(fixture.store.getMany('ana', ['quiz:q1/question:a'], ['seen'])).toEqual(new Map([['quiz:q1/question:a', { seen: true }]]));
  });

  it('getMany yields only keys that hold state, and a deleted state reads as absent', async () => {
    fixture = await openStateFixture();
    fixture.store.setMany('ana', { k1: { a: 1 }, k2: { b: 2 } });
    fixture.store.deleteMany('ana', ['k1']);
    expect([...fixture.store.getMany('ana', ['k1', 'k2', 'never']).keys()]).toEqual(['k2']);
    // Another learner's same key is theirs alone.
    expect(fixture.store.getMany('ben', ['k2']).size).toBe(0);
  });

  it('deleteMany with fields removes only those fields, as a version of its own', async () => {
    fixture = await openStateFixture();
    fixture.store.setMany('ana', { k: { a: 1, b: 2 } });
    fixture.clock.advance(1000);
    fixture.store.deleteMany('ana', ['k'], ['a']);
    expect(fixture.store.getMany('ana', ['k']).get('k')).toEqual({ b: 2 });
    expect(fixture.store.getHistory('ana', 'k').map((version) => version.fields)).toEqual([{ b: 2 }, { a: 1, b: 2 }]);
  });

  it('getHistory yields every version latest first, a deleted state as null, and NOT_FOUND for a key never held', async () => {
    fixture = await openStateFixture();
    fixture.store.setMany('ana', { k: { answer: 1 } });
    fixture.clock.advance(1000);
    fixture.store.setMany('ana', { k: { answer: 2 } });
    fixture.clock.advance(1000);
    fixture.store.deleteMany('ana', ['k']);
    // Same millisecond: insertion order still decides.
    fixture.store.setMany('ana', { k: { answer: 4 } });
    const history = fixture.store.getHistory('ana', 'k');
    expect(history.map((version) => version.fields)).toEqual([{ answer: 4 }, null, { answer: 2 }, { answer: 1 }]);
    expect(history.map((version) => version.createdAt)).toEqual([Date.UTC(2026, 0, 1) + 2000, Date.UTC(2026, 0, 1) + 2000, Date.UTC(2026, 0, 1) + 1000, Date.UTC(2026, 0, 1)]);
    expect(codeOf(() => fixture.store.getHistory('ana', 'never'))).toBe('NOT_FOUND');
    expect(codeOf(() => fixture.store.getHistory('ben', 'k'))).toBe('NOT_FOUND');
  });

  it('refuses an unknown learner and a bad key, writing nothing', async () => {
    fixture = await openStateFixture();
    expect(codeOf(() => fixture.store.setMany('nobody', { k: { a: 1 } }))).toBe('NOT_FOUND');
    expect(codeOf(() => fixture.store.setMany('ana', { ok: { a: 1 }, '': { a: 1 } }))).toBe('INVALID_INPUT');
    expect(fixture.store.getMany('ana', ['ok']).size).toBe(0);
    expect(historyCount(fixture)).toBe(0);
  });

  it('walks an activity and a class in pages without the deleted states', async () => {
    fixture = await openStateFixture();
    for (const learner of ['ana', 'ben', 'cleo']) {
      fixture.store.setMany(learner, { 'quiz:q1/question:1': { answer: 1 }, 'quiz:q1/question:2': { answer: 2 }, 'quiz:q2/question:1': { answer: 9 } });
    }
    fixture.store.deleteMany('ben', ['quiz:q1/question:2']);
    const pages = [...fixture.store.iterAllForActivity('quiz:q1', { pageSize: 2 })];
    expect(pages.every((page) => page.length <= 2)).toBe(true);
    expect(pages.flat().map((state) => `${state.learnerId} ${state.key}`)).toEqual([
      'ana quiz:q1/question:1',
      'ana quiz:q1/question:2',
      'ben quiz:q1/question:1',
      'cleo quiz:q1/question:1',
      'cleo quiz:q1/question:2',
    ]);
    const classPages = [...fixture.store.iterAllForClass('c1', { pageSize: 2, keyPrefix: 'quiz:q1/' })];
    expect(classPages.flat().map((state) => `${state.learnerId} ${state.key}`)).toEqual(['ana quiz:q1/question:1', 'ana quiz:q1/question:2', 'ben quiz:q1/question:1']);
  });

  it('keeps the history table only in history.sqlite3 and the state only in default.sqlite3', async () => {
    fixture = await openStateFixture();
    expect(tablesIn(join(fixture.home.path, 'history.sqlite3'))).toEqual(['learner_state_history']);
    const inDefault = tablesIn(join(fixture.home.path, 'default.sqlite3'));
    expect(inDefault).toContain('learner_state');
    expect(inDefault).not.toContain('learner_state_history');
    expect(fixture.databases.routers.databaseForWrite('learner_state_history')).toBe('history');
    expect(fixture.databases.routers.allowRelation('learner_state', 'learner_state_history')).toBe(false);
  });

  for (const crashAt of ['after-state-commit', 'after-history-commit'] as const satisfies readonly StateWritePoint[]) {
    it(`a crash ${crashAt.replaceAll('-', ' ')} loses no version and duplicates none`, async () => {
      let armed = false;
      fixture = await openStateFixture({
        onWritePoint: (point) => {
          if (armed && point === crashAt) {
            armed = false;
            throw new SimulatedCrash(point);
          }
        },
      });
      fixture.store.setMany('ana', { k: { answer: 1 } });
      fixture.clock.advance(1000);
      armed = true;
      expect(() => fixture.store.setMany('ana', { k: { answer: 2 }, other: { x: 1 } })).toThrow(SimulatedCrash);
      // The process dies here; it starts again on the same files.
      await fixture.reopen();
      expect(fixture.store.getMany('ana', ['k']).get('k')).toEqual({ answer: 2 });
      expect(fixture.store.getHistory('ana', 'k').map((version) => version.fields)).toEqual([{ answer: 2 }, { answer: 1 }]);
      expect(fixture.store.getHistory('ana', 'other').map((version) => version.fields)).toEqual([{ x: 1 }]);
      expect(historyCount(fixture)).toBe(3);
      // The next write neither re-copies nor loses anything.
      fixture.store.setMany('ana', { k: { answer: 3 } });
      expect(historyCount(fixture)).toBe(4);
    });
  }

  it('forgetLearners removes their state and history from both files and nobody else’s', async () => {
    fixture = await openStateFixture();
    fixture.store.setMany('ana', { k: { a: 1 } });
    fixture.store.setMany('ben', { k: { b: 1 } });
    fixture.store.forgetLearners(['ana']);
    expect(fixture.store.getMany('ana', ['k']).size).toBe(0);
    expect(codeOf(() => fixture.store.getHistory('ana', 'k'))).toBe('NOT_FOUND');
    const versions = fixture.databases.get('default').handle.prepare("select count(*) as n from learner_state_version where learner_id = 'ana'").get() as { n: number };
    expect(versions.n).toBe(0);
    expect(fixture.store.getHistory('ben', 'k')).toHaveLength(1);
  });

  it('applies peers’ states and versions idempotently, and refuses a row that is not its partition’s learner’s', async () => {
    fixture = await openStateFixture();
    const state = { dataset_id: 'ds1', learner_id: 'ana', activity: 'quiz:q', state_key: 'quiz:q/question:1', fields: '{"answer":3}', version_id: 'v1', modified_at: 5 };
    const data = { id: stateIdOf('ana', 'quiz:q/question:1'), ...state };
    const version = { version_id: 'v1', state_id: data.id, dataset_id: 'ds1', learner_id: 'ana', activity: 'quiz:q', state_key: 'quiz:q/question:1', fields: '{"answer":3}', created_at: 5 };
    const record = (sourceId: string, payload: Record<string, string | number>, partition = 'ds1:user-rw:ana') => ({ recordId: 'r', sourceId, partition, data: payload, deleted: false, hardDeleted: false });
    expect(fixture.store.applyStatesFromSync([record(data.id, data)])).toEqual([{ ok: true }]);
    expect(fixture.store.applyVersionsFromSync([record('v1', version)])).toEqual([{ ok: true }]);
    expect(fixture.store.applyVersionsFromSync([record('v1', version)])).toEqual([{ ok: true }]);
    expect(fixture.store.getMany('ana', ['quiz:q/question:1']).get('quiz:q/question:1')).toEqual({ answer: 3 });
    expect(fixture.store.getHistory('ana', 'quiz:q/question:1')).toHaveLength(1);
    // Ben's certificate may write ben's partition only; a row of Ana's inside it is refused.
    const spoofed = fixture.store.applyStatesFromSync([record(data.id, { ...data, fields: '{"answer":9}' }, 'ds1:user-rw:ben')]);
    expect(spoofed[0]!.ok).toBe(false);
    expect(fixture.store.applyVersionsFromSync([record('v2', { ...version, version_id: 'v2' }, 'ds1:user-rw:ben')])[0]!.ok).toBe(false);
    expect(fixture.store.getMany('ana', ['quiz:q/question:1']).get('quiz:q/question:1')).toEqual({ answer: 3 });
    expect(fixture.store.getHistory('ana', 'quiz:q/question:1')).toHaveLength(1);
  });
});
