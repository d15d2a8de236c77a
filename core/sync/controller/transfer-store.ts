import { sql } from 'kysely';
import type { Clock } from '../../common/clock.js';
import { CoreError } from '../../common/core-error.js';
import type { SqliteDatabase } from '../../db/sqlite-database.js';
import { formatFilter, parseFilter, type SyncFilter } from '../model/sync-filter.js';
import type { Fsic } from '../store/fsic.js';
import type { TransferSchema, SyncSessionTable, SyncTransferSessionTable } from './transfer-schema.js';
import { isTransferStage, isTransferStatus, type TransferStage, type TransferStatus } from '../protocol/transfer-stage.js';

/** A sync session as this device keeps it. */
export interface SyncSessionRecord {
  readonly id: string;
  readonly role: 'client' | 'server';
  readonly profile: string;
  readonly localCertificateId: string;
  readonly peerCertificateId: string;
  readonly peerInstanceId: string;
  readonly peerAddress: string;
  readonly active: boolean;
}

/** A transfer session as this device keeps it: its progress survives a crash. */
export interface TransferRecord {
  readonly id: string;
  readonly syncSessionId: string;
  /** This device's side of the transfer. */
  readonly role: 'client' | 'server';
  readonly direction: 'push' | 'pull';
  readonly filter: SyncFilter;
  readonly stage: TransferStage;
  readonly status: TransferStatus;
  readonly recordsTotal: number | null;
  readonly recordsDone: number;
  readonly receiverFsic: Fsic | null;
  readonly senderFsic: Fsic | null;
  readonly transferCursor: string | null;
  readonly error: string | null;
  readonly active: boolean;
}

/** What may change on a transfer record. */
export type TransferPatch = Partial<Pick<TransferRecord, 'stage' | 'status' | 'recordsTotal' | 'recordsDone' | 'receiverFsic' | 'senderFsic' | 'transferCursor' | 'error' | 'active'>>;

/** Whether this device sends the records of a transfer. */
export function isSender(transfer: Pick<TransferRecord, 'role' | 'direction'>): boolean {
  return (transfer.role === 'client') === (transfer.direction === 'push');
}

/** The persisted sync sessions and transfers of one device (not sign-in sessions: those live in core/sessions). */
export interface TransferStore {
  createSyncSession(session: Omit<SyncSessionRecord, 'active'>): SyncSessionRecord;
  getSyncSession(id: string): SyncSessionRecord | undefined;
  closeSyncSession(id: string): void;
  createTransfer(transfer: Pick<TransferRecord, 'id' | 'syncSessionId' | 'direction' | 'filter'> & Partial<Pick<TransferRecord, 'receiverFsic'>>): TransferRecord;
  getTransfer(id: string): TransferRecord | undefined;
  /** Applies `patch` and answers the updated record. */
  updateTransfer(id: string, patch: TransferPatch): TransferRecord;
  /** Moves an unfinished transfer to a newer sync session with the same peer (a resume after reconnecting). */
  moveTransfer(id: string, syncSessionId: string): TransferRecord;
  /** An unfinished transfer of this device as client with `peerInstanceId`, in this direction and filter. */
  findResumable(peerInstanceId: string, direction: 'push' | 'pull', filter: SyncFilter): TransferRecord | undefined;
  /**
   * After a restart no operation is running, so a STARTED stage can only be one whose operation
   * died with the process: make it PENDING again so that it resumes.
   */
  releaseStarted(): number;
  /** Unfinished transfers (either role) whose last activity was before `before`, oldest first. */
  staleTransfers(before: number, limit: number): readonly string[];
  /** Forgets a transfer; its buffer must be cleared in the same transaction. */
  deleteTransfer(id: string): void;
}

function parseFsic(text: string | null): Fsic | null {
  return text === null ? null : (JSON.parse(text) as Fsic);
}

function toSyncSession(row: SyncSessionTable): SyncSessionRecord {
  return {
    id: row.id,
    role: row.role,
    profile: row.profile,
    localCertificateId: row.local_certificate_id,
    peerCertificateId: row.peer_certificate_id,
    peerInstanceId: row.peer_instance_id,
    peerAddress: row.peer_address,
    active: row.active === 1,
  };
}

function toTransfer(row: SyncTransferSessionTable & { role: 'client' | 'server' }): TransferRecord {
  if (!isTransferStage(row.stage) || !isTransferStatus(row.status)) throw CoreError.bug(`Transfer ${row.id} has an unknown stage or status: ${row.stage}/${row.status}.`);
  return Object.freeze({
    id: row.id,
    syncSessionId: row.sync_session_id,
    role: row.role,
    direction: row.direction,
    filter: parseFilter(row.filter),
    stage: row.stage,
    status: row.status,
    recordsTotal: row.records_total,
    recordsDone: row.records_done,
    receiverFsic: parseFsic(row.receiver_fsic),
    senderFsic: parseFsic(row.sender_fsic),
    transferCursor: row.transfer_cursor,
    error: row.error,
    active: row.active === 1,
  });
}

/** Creates the transfer store over `db` (sync sessions and the transfers inside them). */
export function createTransferStore(db: SqliteDatabase<TransferSchema>, clock: Clock): TransferStore {
  const k = db.kysely;
  const selectTransfer = () =>
    k.selectFrom('sync_transfer_session as t').innerJoin('sync_session as s', 's.id', 't.sync_session_id').selectAll('t').select('s.role');

  const getTransfer = (id: string) => {
    const row = db.first(selectTransfer().where('t.id', '=', id));
    return row ? toTransfer(row) : undefined;
  };

  return Object.freeze({
    createSyncSession(session: Omit<SyncSessionRecord, 'active'>) {
      const now = clock.now();
      db.writeTransaction(() =>
        db.run(
          k.insertInto('sync_session').values({
            id: session.id,
            role: session.role,
            profile: session.profile,
            local_certificate_id: session.localCertificateId,
            peer_certificate_id: session.peerCertificateId,
            peer_instance_id: session.peerInstanceId,
            peer_address: session.peerAddress,
            active: 1,
            created_at: now,
            last_activity_at: now,
          }),
        ),
      );
      return { ...session, active: true };
    },
    getSyncSession(id: string) {
      const row = db.first(k.selectFrom('sync_session').selectAll().where('id', '=', id));
      return row ? toSyncSession(row) : undefined;
    },
    closeSyncSession(id: string) {
      db.writeTransaction(() => db.run(k.updateTable('sync_session').set({ active: 0, last_activity_at: clock.now() }).where('id', '=', id)));
    },
    createTransfer(transfer: Parameters<TransferStore['createTransfer']>[0]) {
      const now = clock.now();
      db.writeTransaction(() =>
        db.run(
          k.insertInto('sync_transfer_session').values({
            id: transfer.id,
            sync_session_id: transfer.syncSessionId,
            direction: transfer.direction,
            filter: formatFilter(transfer.filter),
            stage: 'INITIALIZING',
            status: 'PENDING',
            records_total: null,
            records_done: 0,
            receiver_fsic: transfer.receiverFsic ? JSON.stringify(transfer.receiverFsic) : null,
            sender_fsic: null,
            transfer_cursor: null,
            error: null,
            active: 1,
            created_at: now,
            last_activity_at: now,
          }),
        ),
      );
      return getTransfer(transfer.id)!;
    },
    getTransfer,
    updateTransfer(id: string, patch: TransferPatch) {
      const set: Partial<SyncTransferSessionTable> = { last_activity_at: clock.now() };
      if (patch.stage !== undefined) set.stage = patch.stage;
      if (patch.status !== undefined) set.status = patch.status;
      if (patch.recordsTotal !== undefined) set.records_total = patch.recordsTotal;
      if (patch.recordsDone !== undefined) set.records_done = patch.recordsDone;
      if (patch.receiverFsic !== undefined) set.receiver_fsic = patch.receiverFsic === null ? null : JSON.stringify(patch.receiverFsic);
      if (patch.senderFsic !== undefined) set.sender_fsic = patch.senderFsic === null ? null : JSON.stringify(patch.senderFsic);
      if (patch.transferCursor !== undefined) set.transfer_cursor = patch.transferCursor;
      if (patch.error !== undefined) set.error = patch.error;
      if (patch.active !== undefined) set.active = patch.active ? 1 : 0;
      db.writeTransaction(() => db.run(k.updateTable('sync_transfer_session').set(set).where('id', '=', id)));
      const updated = getTransfer(id);
      if (!updated) throw CoreError.bug(`Transfer ${id} vanished while being updated.`);
      return updated;
    },
    moveTransfer(id: string, syncSessionId: string) {
      db.writeTransaction(() => db.run(k.updateTable('sync_transfer_session').set({ sync_session_id: syncSessionId, last_activity_at: clock.now() }).where('id', '=', id)));
      return getTransfer(id)!;
    },
    findResumable(peerInstanceId: string, direction: 'push' | 'pull', filter: SyncFilter) {
      const rows = db.all(
        selectTransfer()
          .where('s.role', '=', 'client')
          .where('s.peer_instance_id', '=', peerInstanceId)
          .where('t.active', '=', 1)
          .where('t.direction', '=', direction)
          .where('t.filter', '=', formatFilter(filter))
          .orderBy('t.created_at', 'desc')
          .limit(1),
      );
      return rows[0] ? toTransfer(rows[0]) : undefined;
    },
    staleTransfers(before: number, limit: number) {
      // `active = 1` as a literal, not a parameter: only then can SQLite use the partial index
      // on (last_activity_at) where active = 1, which makes this a short range scan.
      return db
        .all(k.selectFrom('sync_transfer_session').select('id').where('active', '=', sql.lit(1)).where('last_activity_at', '<', before).orderBy('last_activity_at').limit(limit))
        .map((row) => row.id);
    },
    deleteTransfer(id: string) {
      db.run(k.deleteFrom('sync_transfer_session').where('id', '=', id));
    },
    releaseStarted() {
      // Literal `active = 1` so the partial index on (status) where active = 1 applies.
      return db.writeTransaction(() => db.run(k.updateTable('sync_transfer_session').set({ status: 'PENDING' }).where('active', '=', sql.lit(1)).where('status', '=', 'STARTED')).changes);
    },
  });
}
