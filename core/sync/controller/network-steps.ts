import { CoreError } from '../../common/core-error.js';
import type { TransferState } from '../protocol/sync-transport.js';
import { mergeChunk } from '../store/merge-chunk.js';
import { MAX_PULL_SKIP, validateIncomingRecords } from '../protocol/wire-schemas.js';
import type { NetworkContext } from './transfer-context.js';
import type { NetworkStep } from './transfer-plan.js';
import type { TransferStage, TransferStatus } from '../protocol/transfer-stage.js';

/**
 * The client's status for a stage the peer reports on. A peer still busy (PENDING or STARTED)
 * leaves the client's stage PENDING, so the next `proceedTo` asks again; a peer that failed fails
 * the stage here too, with its message.
 */
function followPeer(state: TransferState, stage: TransferStage): TransferStatus {
  if (state.stage === stage && state.status === 'ERRORED') throw new CoreError('CONFLICT', `The peer could not complete ${stage}: ${state.error ?? 'no reason given'}.`);
  if (state.stage === stage && state.status !== 'COMPLETED') return 'PENDING';
  return 'COMPLETED';
}

/** Creates (or re-attaches to) the peer's side; a pushing client learns what the peer holds. */
export const initializePeer: NetworkStep = async (context) => {
  const transfer = context.transfer();
  const state = await context.remote.initialize(transfer.direction === 'pull' ? transfer.receiverFsic : null);
  if (transfer.direction === 'push' && transfer.receiverFsic === null) {
    if (state.receiverFsic === null) throw new CoreError('CONFLICT', `The peer did not say what it holds for transfer ${transfer.id}.`);
    context.update({ receiverFsic: state.receiverFsic });
  }
  return followPeer(state, 'INITIALIZING');
};

/** At QUEUING a pushing client hands over its promise; a pulling client asks the peer to queue and learns its promise. */
export const queueWithPeer: NetworkStep = async (context) => {
  const transfer = context.transfer();
  if (transfer.direction === 'push') {
    if (transfer.senderFsic === null || transfer.recordsTotal === null) throw CoreError.bug(`Transfer ${transfer.id} has not queued yet.`);
    return followPeer(await context.remote.proceed('QUEUING', { senderFsic: transfer.senderFsic, recordsTotal: transfer.recordsTotal }), 'QUEUING');
  }
  const state = await context.remote.proceed('QUEUING');
  const status = followPeer(state, 'QUEUING');
  if (status === 'COMPLETED') {
    if (state.senderFsic === null || state.recordsTotal === null) throw new CoreError('CONFLICT', `The peer queued transfer ${transfer.id} without saying what it promised.`);
    if (transfer.senderFsic === null) context.update({ senderFsic: state.senderFsic, recordsTotal: state.recordsTotal });
    context.reportProgress();
  }
  return status;
};

/** The buffer position a persisted cursor stands for (none yet: 0, before the first record). */
function positionOf(cursor: string | null): number {
  const position = cursor === null ? 0 : Number(cursor);
  if (!Number.isSafeInteger(position) || position < 0) throw CoreError.bug(`A transfer cursor must be a buffer position, not "${cursor}".`);
  return position;
}

/**
 * Sends the local buffer in chunks after the persisted cursor (a buffer position), so a resumed
 * push does not resend. Up to `concurrency` chunks are in flight at once, and the next chunk is
 * read and sent as soon as the oldest one is answered, so this side reads and encodes while the
 * peer merges (the peer merges them idempotently, in any order). The cursor moves past a chunk
 * only once it and every chunk before it arrived; memory holds at most `concurrency` chunks.
 */
async function pushBuffer(context: NetworkContext): Promise<TransferStatus> {
  const { store, chunkSize } = context.engine;
  const concurrency = Math.max(1, context.engine.concurrency);
  let transfer = context.transfer();
  const inFlight: { readonly answered: Promise<void>; readonly last: number; readonly records: number }[] = [];
  let readAfter = positionOf(transfer.transferCursor);
  for (;;) {
    while (inFlight.length < concurrency) {
      const chunk = store.bufferPage(transfer.id, readAfter, chunkSize);
      if (chunk.records.length === 0) break;
      readAfter = chunk.positions[chunk.positions.length - 1]!;
      const answered = context.remote.pushChunk(chunk.records, chunk.positions);
      // Awaited in order below; one left behind by an earlier failure must not be an unhandled rejection.
      answered.catch(() => {});
      inFlight.push({ answered, last: readAfter, records: chunk.records.length });
    }
    const oldest = inFlight.shift();
    if (!oldest) break;
    await oldest.answered;
    transfer = context.update({ transferCursor: String(oldest.last), recordsDone: transfer.recordsDone + oldest.records });
    context.reportProgress();
  }
  return followPeer(await context.remote.proceed('TRANSFERRING'), 'TRANSFERRING');
}

/**
 * Fetches the peer's buffer in chunks after the persisted cursor (the peer's buffer position).
 * Each chunk is checked (ids, filter), then merged straight into the store with the cursor in one
 * transaction, so a resumed pull neither skips nor repeats a record; the counters wait for
 * DEQUEUING.
 *
 * Up to `concurrency` pages are asked for ahead of the one being merged: a page's round trip
 * (the peer's read and encoding, both main threads, the network) took about twice as long as
 * merging it, so with one page ahead this side waited for the next one about half the time. A
 * page ahead is asked for by how many records to pass over after the cursor, counting every page
 * before it as full; it is used only if they all were.
 */
async function pullIntoStore(context: NetworkContext): Promise<TransferStatus> {
  const { store, chunkSize, profile, registry } = context.engine;
  const mergePolicyOf = (modelProfile: string, modelName: string) => registry.get(modelProfile, modelName)?.mergePolicy;
  const ahead = Math.max(1, Math.min(context.engine.concurrency, Math.floor(MAX_PULL_SKIP / chunkSize)));
  let transfer = context.transfer();
  // The peer queued nothing (a sync with nothing new): no page to ask for. Its pages would be
  // empty, and a peer that lied about it could as well answer empty pages.
  if (transfer.recordsTotal === 0) return followPeer(await context.remote.proceed('TRANSFERRING'), 'TRANSFERRING');
  let cursor = positionOf(transfer.transferCursor);
  // Records asked for after the cursor by pages not merged yet, the one being merged included.
  let askedAhead = 0;
  const inFlight: Promise<{ readonly records: readonly unknown[]; readonly position: number }>[] = [];
  const askNext = () => {
    const page = context.remote.pullChunk(cursor, askedAhead, chunkSize);
    page.catch(() => {
      // Awaited below; a page abandoned because storing failed (or after the end) must not be an unhandled rejection.
    });
    inFlight.push(page);
    askedAhead += chunkSize;
  };
  while (inFlight.length < ahead) askNext();
  for (;;) {
    const page = await inFlight.shift()!;
    if (page.records.length === 0) break;
    if (page.records.length > chunkSize) throw new CoreError('CONFLICT', `The peer sent ${page.records.length} records for a page of ${chunkSize}.`);
    const full = page.records.length === chunkSize;
    if (full) askNext();
    const records = validateIncomingRecords(page.records, { filter: transfer.filter, profile });
    const last = page.position;
    if (!Number.isSafeInteger(last) || last <= cursor) throw new CoreError('CONFLICT', 'The peer sent a chunk out of order.');
    const done = transfer.recordsDone + records.length;
    transfer = store.db.writeTransaction(() => {
      mergeChunk({ store, records, mergePolicyOf });
      return context.update({ transferCursor: String(last), recordsDone: done });
    });
    cursor = last;
    context.reportProgress();
    if (full) {
      askedAhead -= chunkSize;
    } else {
      // Usually the end of the peer's buffer. The pages asked for ahead counted this one as full,
      // so they are dropped, and the next page is asked for right after it: only an empty page
      // asked for that way ends the pull.
      inFlight.length = 0;
      askedAhead = 0;
      askNext();
    }
  }
  return followPeer(await context.remote.proceed('TRANSFERRING'), 'TRANSFERRING');
}

/** A push sends the local buffer; a pull fetches the peer's and merges it as it arrives. */
export const transferChunks: NetworkStep = (context) => (context.transfer().direction === 'push' ? pushBuffer(context) : pullIntoStore(context));

/** For the other stages the client just asks the peer to proceed. */
export function askPeer(stage: TransferStage): NetworkStep {
  return async (context) => followPeer(await context.remote.proceed(stage), stage);
}
