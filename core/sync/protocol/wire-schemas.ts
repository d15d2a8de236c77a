import { z } from 'zod';
import { CoreError } from '../../common/core-error.js';
import { TRANSFER_STAGES } from './transfer-stage.js';
import { recordId } from '../model/record-id.js';
import { filterContains, parseFilter, type SyncFilter } from '../model/sync-filter.js';
import type { Fsic } from '../store/fsic.js';
import { MAX_CONFLICTING_VALUES, MAX_FIELD_STAMPS, type StoreRecord } from '../store/store-record.js';
import { MAX_SERIALIZED_LENGTH, RECORD_FIELD_BOUNDS, wellFormedRecord } from './well-formed-record.js';

/** The most records one chunk may carry. */
export const MAX_CHUNK_RECORDS = 1000;
/**
 * How many records of its buffer a pull may ask the sender to pass over (`skip`): a client reading
 * ahead asks for the page after those already on their way, at most this far ahead.
 */
export const MAX_PULL_SKIP = 8 * MAX_CHUNK_RECORDS;
export { MAX_SERIALIZED_LENGTH } from './well-formed-record.js';

const hex32 = z.string().regex(/^[0-9a-f]{32}$/);
const counter = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const id = z.string().min(1).max(RECORD_FIELD_BOUNDS.sourceId);
const partition = z.string().min(1).max(RECORD_FIELD_BOUNDS.partition);
const recordName = z.string().min(1).max(RECORD_FIELD_BOUNDS.name);

/** An fsic from a peer: bounded in size, counters positive integers. */
export const fsicSchema = z.record(z.string().max(512), z.record(hex32, counter)).refine((fsic) => Object.keys(fsic).length <= 100_000, 'too many partitions');

const valueStamp = z.object({ at: z.number().int().min(0), instance: hex32, counter }).strict();

/** A store record as it travels. */
export const storeRecordSchema = z
  .object({
    id: hex32,
    profile: recordName,
    modelName: recordName,
    sourceId: id,
    partition,
    serialized: z.string().max(MAX_SERIALIZED_LENGTH).nullable(),
    deleted: z.boolean(),
    hardDeleted: z.boolean(),
    lastSavedInstance: hex32,
    lastSavedCounter: counter,
    valueStamp,
    versions: z.record(hex32, counter),
    conflicting: z.array(z.object({ stamp: valueStamp, serialized: z.string().max(MAX_SERIALIZED_LENGTH).nullable() }).strict()).max(MAX_CONFLICTING_VALUES),
    fieldStamps: z
      .record(recordName, z.array(valueStamp).min(1).max(MAX_FIELD_STAMPS))
      .refine((stamps) => Object.keys(stamps).length <= RECORD_FIELD_BOUNDS.fieldStampNames, 'too many field stamps')
      .optional(),
  })
  .strict();

/** A peer's `GET /api/sync/info`, checked before anything it says is used. */
export const deviceInfoSchema = z.object({
  instanceId: hex32,
  version: z.string().min(1).max(64),
  capabilities: z.array(z.string().max(64)).max(32),
  /** The device's name for itself (issue 16; older devices tell none). */
  deviceName: z.string().min(1).max(64).optional(),
});

/** A peer's public facility list (`GET /api/public/facilities`). */
export const facilityListSchema = z.object({
  facilities: z.array(z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(200) })).max(1000),
});

// A record's place in its sender's buffer (the buffer's rowid).
const bufferPosition = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** Request bodies of the sync server, validated at its door. */
export const requestSchemas = {
  certificateChains: z.object({ datasetId: hex32 }).strict(),
  openSession: z
    .object({
      sessionId: hex32,
      profile: z.string().min(1).max(64),
      nonce: z.string().min(16).max(128),
      clientInstanceId: hex32,
      clientChain: z.array(z.unknown()).min(1).max(16),
      serverCertificateId: hex32,
      signature: z.string().max(200),
      clientDeviceName: z.string().min(1).max(64).optional(),
    })
    .strict(),
  initializeTransfer: z
    .object({ sessionId: hex32, transferId: hex32, direction: z.enum(['push', 'pull']), filter: z.string().min(1).max(64 * 1024), receiverFsic: fsicSchema.optional() })
    .strict(),
  proceed: z.object({ sessionId: hex32, transferId: hex32, stage: z.enum(TRANSFER_STAGES), senderFsic: fsicSchema.optional(), recordsTotal: z.number().int().min(0).optional() }).strict(),
  // The chunk's length is checked with its records, so that a too-long chunk says so.
  pushChunk: z.object({ sessionId: hex32, transferId: hex32, records: z.array(z.unknown()), positions: z.array(bufferPosition) }).strict(),
  pullChunk: z
    .object({ sessionId: hex32, transferId: hex32, after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), skip: z.number().int().min(0).max(MAX_PULL_SKIP).optional(), limit: z.number().int().min(1).max(MAX_CHUNK_RECORDS) })
    .strict(),
  closeSession: z.object({ sessionId: hex32 }).strict(),
  certificateRequest: z
    .object({
      facilityId: z.string().min(1).max(64),
      scopeDefinition: z.enum(['full-facility', 'single-user']),
      // Base64 of a raw 32-byte Ed25519 key.
      publicKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'Not an Ed25519 public key'),
      username: z.string().trim().min(1).max(256),
      password: z.string().min(1).max(1024),
    })
    .strict(),
} as const;

/** Parses a request body or refuses it with `INVALID_INPUT` and the field errors. */
export function parseRequest<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new CoreError(
    'INVALID_INPUT',
    'The sync request is malformed.',
    parsed.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message })),
  );
}

/** A filter from the wire; an empty one is refused (it would mean nothing, or everything). */
export function parseWireFilter(text: string): SyncFilter {
  const filter = parseFilter(text);
  if (filter.length === 0 || filter.includes('')) throw new CoreError('INVALID_INPUT', 'A sync filter must name at least one partition prefix.');
  return filter;
}

/** An fsic from the wire (already shape-checked) as the engine's type. */
export function asFsic(value: z.output<typeof fsicSchema> | undefined): Fsic | null {
  return value === undefined ? null : (value as Fsic);
}

/**
 * Checks a chunk of records from a peer, all or nothing: each is well-formed, its id is the hash
 * of its partition, source id and model (so it cannot pose as another record), its history
 * includes its own save, and its partition lies inside the transfer's filter. A record outside
 * the filter is a scope violation, not a mistake: the chunk is refused and nothing is stored.
 */
export function validateIncomingRecords(records: readonly unknown[], transfer: { readonly filter: SyncFilter; readonly profile: string }): StoreRecord[] {
  if (records.length > MAX_CHUNK_RECORDS) throw new CoreError('PAYLOAD_TOO_LARGE', `A chunk may carry at most ${MAX_CHUNK_RECORDS} records.`);
  return records.map((raw, index) => {
    const record = wellFormedRecord(raw) ?? (parseRequest(storeRecordSchema, raw) as StoreRecord);
    const where = `record ${index} (${record.id})`;
    if (record.profile !== transfer.profile) throw new CoreError('INVALID_INPUT', `The ${where} belongs to profile "${record.profile}", not "${transfer.profile}".`);
    if (!filterContains(transfer.filter, record.partition)) {
      throw new CoreError('SYNC_SCOPE_VIOLATION', `The ${where} is in partition "${record.partition}", outside this transfer's filter.`);
    }
    if (recordId(record.partition, record.sourceId, record.modelName) !== record.id) {
      throw new CoreError('INVALID_INPUT', `The ${where}: its id does not match its partition, source id and model.`);
    }
    if ((record.versions[record.lastSavedInstance] ?? 0) < record.lastSavedCounter) {
      throw new CoreError('INVALID_INPUT', `The ${where}: its history does not include its own save.`);
    }
    if (record.hardDeleted && (!record.deleted || record.serialized !== null || record.conflicting.length > 0)) {
      throw new CoreError('INVALID_INPUT', `The ${where}: a hard-deleted record must carry no data.`);
    }
    return record;
  });
}
