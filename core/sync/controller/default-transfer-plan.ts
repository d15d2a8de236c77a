import { applyToApp, checkPushArrived, claimPromised, closeServerSide, dropBuffer, queueForReceiver, recordReceiverHoldings, serializeChanges } from './local-steps.js';
import { askPeer, initializePeer, queueWithPeer, transferChunks } from './network-steps.js';
import type { TransferPlan } from './transfer-plan.js';

/**
 * What each side does in each stage of a transfer. Read a row as: the device that sends, the
 * device that receives, then the server's or the client's own step. A side left out does nothing.
 */
export const defaultTransferPlan: TransferPlan = Object.freeze({
  INITIALIZING: Object.freeze({ receiver: recordReceiverHoldings, client: initializePeer }),
  SERIALIZING: Object.freeze({ sender: serializeChanges, receiver: serializeChanges, client: askPeer('SERIALIZING') }),
  QUEUING: Object.freeze({ sender: queueForReceiver, client: queueWithPeer }),
  TRANSFERRING: Object.freeze({ server: checkPushArrived, client: transferChunks }),
  DEQUEUING: Object.freeze({ receiver: claimPromised, client: askPeer('DEQUEUING') }),
  DESERIALIZING: Object.freeze({ receiver: applyToApp, client: askPeer('DESERIALIZING') }),
  CLEANUP: Object.freeze({ sender: dropBuffer, receiver: dropBuffer, server: closeServerSide, client: askPeer('CLEANUP') }),
});
