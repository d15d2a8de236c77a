import { describe, expect, it } from 'vitest';
import type { UserDto } from '../../../core/contract/users.js';
import { emptySelection, userSelectionReducer, type UserSelection, type UserSelectionAction } from './user-selection.js';

function user(id: string, fullName = `User ${id}`): UserDto {
  return { id, facilityId: 'f1', username: id, fullName, kind: 'learner', isSuperuser: false, birthYear: null, gender: null, idNumber: null, dateDeleted: null };
}

const ada = user('ada');
const bo = user('bo');
const cy = user('cy');
const run = (actions: UserSelectionAction[], from: UserSelection = emptySelection) => actions.reduce(userSelectionReducer, from);
const ids = (selection: UserSelection) => [...selection.keys()];

describe('user selection', () => {
  it('ticks and unticks one user or many, in the order they were ticked', () => {
    const picked = run([
      { type: 'toggle', users: [bo], on: true },
      { type: 'toggle', users: [ada, cy], on: true },
    ]);
    expect(ids(picked)).toEqual(['bo', 'ada', 'cy']);
    expect(ids(userSelectionReducer(picked, { type: 'toggle', users: [ada], on: false }))).toEqual(['bo', 'cy']);
    expect(ids(userSelectionReducer(picked, { type: 'toggle', users: [ada, bo, cy], on: false }))).toEqual([]);
  });

  it('never changes the selection it was given', () => {
    const picked = run([{ type: 'toggle', users: [ada], on: true }]);
    userSelectionReducer(picked, { type: 'toggle', users: [bo], on: true });
    userSelectionReducer(picked, { type: 'drop', ids: ['ada'] });
    userSelectionReducer(picked, { type: 'clear' });
    expect(ids(picked)).toEqual(['ada']);
    expect(ids(emptySelection)).toEqual([]);
  });

  it('drops the users a change took out of the view, and keeps the others', () => {
    const picked = run([{ type: 'toggle', users: [ada, bo, cy], on: true }]);
    expect(ids(userSelectionReducer(picked, { type: 'drop', ids: ['ada', 'cy', 'someone-else'] }))).toEqual(['bo']);
  });

  it('keeps an edited user current in the selection, and does not select them', () => {
    const picked = run([{ type: 'toggle', users: [ada], on: true }]);
    const renamed = user('ada', 'Ada Lovelace');
    expect(userSelectionReducer(picked, { type: 'updated', user: renamed }).get('ada')).toBe(renamed);
    expect(userSelectionReducer(picked, { type: 'updated', user: user('bo', 'Bo B') })).toBe(picked);
  });

  it('returns the same selection when nothing changed, so the page does not render again', () => {
    const picked = run([{ type: 'toggle', users: [ada], on: true }]);
    expect(userSelectionReducer(picked, { type: 'toggle', users: [ada], on: true })).toBe(picked);
    expect(userSelectionReducer(picked, { type: 'toggle', users: [bo], on: false })).toBe(picked);
    expect(userSelectionReducer(picked, { type: 'drop', ids: ['bo'] })).toBe(picked);
    expect(userSelectionReducer(emptySelection, { type: 'clear' })).toBe(emptySelection);
    expect(userSelectionReducer(picked, { type: 'clear' }).size).toBe(0);
  });

  it('ticking a newer copy of a selected user replaces the old copy', () => {
    const picked = run([{ type: 'toggle', users: [ada], on: true }]);
    const fresh = user('ada', 'Ada L');
    const next = userSelectionReducer(picked, { type: 'toggle', users: [fresh], on: true });
    expect(next.get('ada')).toBe(fresh);
    expect(ids(next)).toEqual(['ada']);
  });
});
