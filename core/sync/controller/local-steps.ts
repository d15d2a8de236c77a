import { CoreError } from '../../common/core-error.js';
import { claimTransfer } from '../store/claim-transfer.js';
import { deserializeFromStore } from '../store/deserialize-from-store.js';
import { dropTransferBuffer } from '../store/drop-transfer-buffer.js';
import { queueIntoBuffer } from '../store/queue-into-buffer.js';
import { serializeIntoStore } from '../store/serialize-into-store.js';
import type { LocalContext } from './transfer-context.js';
import type { LocalStep } from './transfer-plan.js';

function serialize(context: LocalContext): void {
  const { engine } = context;
  serializeIntoStore({ store: engine.store, registry: engine.registry, profile: engine.profile, clock: engine.clock, pageSize: engine.pageSize, rowsPerTransaction: engine.rowsPerTransaction });
}

/** Both sides serialize: the sender to send its latest, the receiver to merge against its latest. */
export const serializeChanges: LocalStep = (context) => {
  serialize(context);
  return 'COMPLETED';
};

/** The receiver records what it holds inside the filter, for the sender to queue against. */
export const recordReceiverHoldings: LocalStep = (context) => {
  const transfer = context.transfer();
  if (transfer.receiverFsic === null) context.update({ receiverFsic: context.engine.store.fsic(transfer.filter) });
  return 'COMPLETED';
};

/** The sender snapshots what the receiver lacks into the transfer's buffer. */
export const queueForReceiver: LocalStep = (context) => {
  const transfer = context.transfer();
  if (transfer.receiverFsic === null) throw CoreError.bug(`Transfer ${transfer.id} reached QUEUING without the receiver's counters.`);
  const { engine } = context;
  const { senderFsic, total } = queueIntoBuffer({ store: engine.store, transferId: transfer.id, profile: engine.profile, filter: transfer.filter, receiverFsic: transfer.receiverFsic, pageSize: engine.pageSize, rowsPerTransaction: engine.rowsPerTransaction });
  context.update({ senderFsic, recordsTotal: total, recordsDone: 0, transferCursor: null });
  context.reportProgress();
  return 'COMPLETED';
};

/**
 * A server that received a push checks that every queued record arrived before claiming the
 * sender's counters. A server that sends (a pull) has nothing to check: the client pulled.
 */
export const checkPushArrived: LocalStep = (context) => {
  const transfer = context.transfer();
  if (transfer.direction !== 'push') return 'COMPLETED';
  const received = context.engine.store.receivedCount(transfer.id);
  if (transfer.recordsTotal === null || received < transfer.recordsTotal) {
    throw new CoreError('CONFLICT', `Transfer ${transfer.id}: ${received} of ${transfer.recordsTotal ?? '?'} records arrived; push the rest first.`);
  }
  return 'COMPLETED';
};

/**
 * The receiver merged every chunk into its store as it arrived (TRANSFERRING); now that it holds
 * them all it claims what the sender promised.
 */
export const claimPromised: LocalStep = (context) => {
  const transfer = context.transfer();
  if (transfer.senderFsic === null) throw CoreError.bug(`Transfer ${transfer.id} reached DEQUEUING without the sender's counters.`);
  claimTransfer({ store: context.engine.store, filter: transfer.filter, senderFsic: transfer.senderFsic });
  return 'COMPLETED';
};

/**
 * The receiver applies the merged records to the app tables. It serializes first, so that an app
 * edit made since SERIALIZING becomes a version of its own instead of being overwritten.
 */
export const applyToApp: LocalStep = (context) => {
  serialize(context);
  const { engine } = context;
  deserializeFromStore({ store: engine.store, registry: engine.registry, profile: engine.profile, pageSize: engine.applyPageSize });
  return 'COMPLETED';
};

/** Both sides drop the transfer's buffer. */
export const dropBuffer: LocalStep = (context) => {
  dropTransferBuffer(context.engine.store, context.transferId);
  return 'COMPLETED';
};

/**
 * The server's side is finished once its buffer is gone. The client closes its side only once the
 * peer has cleaned up too (in the connection), so a failure there can still be resumed.
 */
export const closeServerSide: LocalStep = (context) => {
  context.update({ active: false });
  return 'COMPLETED';
};
