import {
  localCleanup,
  localSerialize,
  localTransfer,
  receiverDequeue,
  receiverDeserialize,
  receiverInitialize,
  receiverQueue,
  senderDequeue,
  senderDeserialize,
  senderInitialize,
  senderQueue,
  serverReceiveCheck,
} from './local-operations.js';
import { networkInitialize, networkProceed, networkPull, networkPush, networkQueue } from './network-operations.js';
import type { StageOperations } from './sync-operation.js';
import type { TransferContext } from './transfer-context.js';

/** The operations of every stage, for both sides of a transfer. A plug-in goes in front of a list. */
export const defaultOperations: StageOperations<TransferContext> = Object.freeze({
  INITIALIZING: Object.freeze([receiverInitialize, senderInitialize, networkInitialize]),
  SERIALIZING: Object.freeze([localSerialize, networkProceed('SERIALIZING')]),
  QUEUING: Object.freeze([senderQueue, receiverQueue, networkQueue]),
  TRANSFERRING: Object.freeze([serverReceiveCheck, localTransfer, networkPush, networkPull]),
  DEQUEUING: Object.freeze([receiverDequeue, senderDequeue, networkProceed('DEQUEUING')]),
  DESERIALIZING: Object.freeze([receiverDeserialize, senderDeserialize, networkProceed('DESERIALIZING')]),
  CLEANUP: Object.freeze([localCleanup, networkProceed('CLEANUP')]),
});
