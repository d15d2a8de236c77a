import { CoreError } from '../../common/core-error.js';
import { claimTransfer } from '../store/claim-transfer.js';
import { deserializeFromStore } from '../store/deserialize-from-store.js';
import { queueIntoBuffer } from '../store/queue-into-buffer.js';
import { serializeIntoStore } from '../store/serialize-into-store.js';
import { isSender } from './transfer-store.js';
import type { SyncOperation } from './sync-operation.js';
import type { LocalContext, TransferContext } from './transfer-context.js';
import { NOT_MINE, type OperationResult } from './transfer-stage.js';

/** Which side of the data flow a local operation serves (a transfer's `role` is client or server, a different axis). */
type TransferSide = 'sender' | 'receiver' | 'any';

/** An operation for this device's database, for the sending side, the receiving side or both. */
function local(name: string, side: TransferSide, work: (context: LocalContext) => OperationResult): SyncOperation<TransferContext> {
  return Object.freeze({
    name,
    handle(context: TransferContext): OperationResult {
      if (context.kind !== 'local') return NOT_MINE;
      if (side !== 'any' && isSender(context.transfer()) !== (side === 'sender')) return NOT_MINE;
      return work(context);
    },
  });
}

function serialize(context: LocalContext): void {
  const { engine } = context;
  serializeIntoStore({ store: engine.store, registry: engine.registry, profile: engine.profile, clock: engine.clock, pageSize: engine.pageSize, rowsPerTransaction: engine.rowsPerTransaction });
}

/** The receiver records what it holds inside the filter, for the sender to queue against. */
export const receiverInitialize = local('receiver-initialize', 'receiver', (context) => {
  const transfer = context.transfer();
  if (transfer.receiverFsic === null) context.update({ receiverFsic: context.engine.store.fsic(transfer.filter) });
  return 'COMPLETED';
});

/** The sender has nothing to set up locally. */
export const senderInitialize = local('sender-initialize', 'sender', () => 'COMPLETED');

/** Both sides serialize: the sender to send its latest, the receiver to merge against its latest. */
export const localSerialize = local('local-serialize', 'any', (context) => {
  serialize(context);
  return 'COMPLETED';
});

/** The sender snapshots what the receiver lacks into the transfer's buffer. */
export const senderQueue = local('sender-queue', 'sender', (context) => {
  const transfer = context.transfer();
  if (transfer.receiverFsic === null) throw CoreError.bug(`Transfer ${transfer.id} reached QUEUING without the receiver's counters.`);
  const { engine } = context;
  const { senderFsic, total } = queueIntoBuffer({ store: engine.store, transferId: transfer.id, profile: engine.profile, filter: transfer.filter, receiverFsic: transfer.receiverFsic, pageSize: engine.pageSize, rowsPerTransaction: engine.rowsPerTransaction });
  context.update({ senderFsic, recordsTotal: total, recordsDone: 0, transferCursor: null });
  context.reportProgress();
  return 'COMPLETED';
});

/** The receiver waits for the sender's queue. */
export const receiverQueue = local('receiver-queue', 'receiver', () => 'COMPLETED');

/** A server that received a push checks that every queued record arrived before claiming the sender's counters. */
export const serverReceiveCheck: SyncOperation<TransferContext> = Object.freeze({
  name: 'server-receive-check',
  handle(context: TransferContext): OperationResult {
    if (context.kind !== 'local') return NOT_MINE;
    const transfer = context.transfer();
    if (transfer.role !== 'server' || isSender(transfer)) return NOT_MINE;
    const received = context.engine.store.receivedCount(transfer.id);
    if (transfer.recordsTotal === null || received < transfer.recordsTotal) {
      throw new CoreError('CONFLICT', `Transfer ${transfer.id}: ${received} of ${transfer.recordsTotal ?? '?'} records arrived; push the rest first.`);
    }
    return 'COMPLETED';
  },
});

/** Locally, records move in the network context (pushed or pulled chunks), so there is nothing to do. */
export const localTransfer = local('local-transfer', 'any', () => 'COMPLETED');

/**
 * The receiver merged every chunk into its store as it arrived (TRANSFERRING); now that it holds
 * them all it claims what the sender promised.
 */
export const receiverDequeue = local('receiver-dequeue', 'receiver', (context) => {
  const transfer = context.transfer();
  if (transfer.senderFsic === null) throw CoreError.bug(`Transfer ${transfer.id} reached DEQUEUING without the sender's counters.`);
  claimTransfer({ store: context.engine.store, filter: transfer.filter, senderFsic: transfer.senderFsic });
  return 'COMPLETED';
});

/** The sender merges nothing. */
export const senderDequeue = local('sender-dequeue', 'sender', () => 'COMPLETED');

/**
 * The receiver applies the merged records to the app tables. It serializes first, so that an app
 * edit made since SERIALIZING becomes a version of its own instead of being overwritten.
 */
export const receiverDeserialize = local('receiver-deserialize', 'receiver', (context) => {
  serialize(context);
  const { engine } = context;
  deserializeFromStore({ store: engine.store, registry: engine.registry, profile: engine.profile, pageSize: engine.pageSize });
  return 'COMPLETED';
});

/** The sender applies nothing. */
export const senderDeserialize = local('sender-deserialize', 'sender', () => 'COMPLETED');

/**
 * Both sides drop the transfer's buffer. The server's side is then finished; the client closes its
 * side only once the peer has cleaned up too, so a failure there can still be resumed.
 */
export const localCleanup = local('local-cleanup', 'any', (context) => {
  context.engine.store.db.writeTransaction(() => context.engine.store.clearBuffer(context.transferId));
  if (context.transfer().role === 'server') context.update({ active: false });
  return 'COMPLETED';
});
