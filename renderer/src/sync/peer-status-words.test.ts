import { describe, expect, it } from 'vitest';
import type { PeerDto } from '../../../core/contract/sync.js';
import { createI18n } from '../i18n/create-i18n.js';
import { peerStatusWords } from './peer-status-words.js';

const base: PeerDto = {
  id: 'p1',
  name: 'A',
  address: 'http://192.168.1.20:8080',
  facilityId: 'f1',
  userId: null,
  createdAt: '2026-01-01T08:00:00.000Z',
  lastSync: { status: 'completed', pushed: 0, pulled: 3, durationMs: 10, finishedAt: '2026-01-01T10:42:00.000Z', error: null },
  lastSuccessAt: '2026-01-01T10:42:00.000Z',
  nextSyncAt: null,
  schedule: { kind: 'manual' },
  activity: { state: 'idle' },
  consecutiveFailures: 0,
  stopped: null,
};

describe('peerStatusWords', () => {
  it('says a facility gone on the peer in plain English and French, and nothing of a success', () => {
    const gone: PeerDto = { ...base, stopped: { reason: 'facility-gone', facilityName: 'Hillside School', peerName: 'A', at: '2026-01-01T11:00:00.000Z', message: '' } };
    const en = createI18n(undefined, ['en']);
    const fr = createI18n(undefined, ['fr']);
    expect(peerStatusWords(en.t, gone, (iso) => iso)).toEqual(['Hillside School no longer exists on A. This device keeps its data.']);
    expect(peerStatusWords(fr.t, gone, (iso) => iso)).toEqual(['Hillside School n’existe plus sur A. Cet appareil garde ses données.']);
  });

  it('says since when a peer could not be reached, and when it syncs next', () => {
    const failing: PeerDto = {
      ...base,
      name: 'Room 2’s laptop',
      lastSync: { status: 'failed', pushed: 0, pulled: 0, durationMs: 10, finishedAt: '2026-01-01T11:00:00.000Z', error: 'Could not connect.' },
      nextSyncAt: '2026-01-01T11:01:00.000Z',
    };
    const en = createI18n(undefined, ['en']);
    expect(peerStatusWords(en.t, failing, (iso) => iso.slice(11, 16))).toEqual([
      'Room 2’s laptop could not be reached since 10:42: Could not connect.',
      'Last synced 10:42',
      'Next sync 11:01',
    ]);
  });
});
