import type { Clock } from '../../common/clock.js';
import { idList } from '../../db/id-list.js';
import type { SqliteDatabase } from '../../db/sqlite-database.js';
import { facilityPartitions } from '../model/facility-partitions.js';
import type { JsonObject } from '../model/json-value.js';
import { FACILITY_DATA_PROFILE } from '../model/sync-profile.js';
import { syncedTable } from '../model/synced-table.js';
import type { ApplyOutcome, SyncableModel } from '../model/syncable-model.js';
import { randomHex, type RandomSource } from '../../common/random-source.js';
import { CertificateError } from './certificate-error.js';
import type { CertificateSchema, SyncCertificateTable, SyncRevocationTable } from './certificate-schema.js';
import { certificateId, certificateSignedText, parseCertificate, type Certificate } from './certificate.js';
import { signRevocation, verifyRevocation, type Revocation } from './revocation.js';
import { scopeDefinitions, type ScopeDefinitionId } from './scope-definitions.js';
import { generateSigningKeyPair, signMessage } from './signing-keys.js';
import { verifyCertificate, verifyChain, type VerifiedChain } from './verify-chain.js';

/** A request to sign a child certificate for a public key (usually another device's). */
export interface ChildCertificateRequest {
  readonly parentId: string;
  readonly scopeDefinition: ScopeDefinitionId;
  readonly scopeParams: Readonly<Record<string, string>>;
  readonly publicKey: string;
}

/**
 * The certificates this device holds, their private keys, the roots it trusts and the revocation
 * list. Private keys never leave the store: callers ask it to sign.
 */
export interface CertificateStore {
  /** Creates a root certificate for a new dataset (the dataset id is the root's id), trusted here. */
  createRoot(): Certificate;
  /** Makes a key pair for a certificate this device will request; answers the public key. */
  createKeyRequest(): string;
  /** Drops the private key of a request no certificate came of (a pairing that failed). */
  discardKeyRequest(publicKey: string): void;
  /** Signs a child of `parentId`, which must be this device's; refuses a scope beyond the parent's. */
  issueChild(request: ChildCertificateRequest): Certificate;
  /**
   * Verifies and keeps a chain from a peer (root first). With `trustRoot`, this device starts
   * trusting the root (provisioning from an authenticated peer); otherwise the root must be trusted already.
   */
  saveChain(chain: readonly unknown[], options?: { readonly trustRoot?: boolean }): VerifiedChain;
  get(id: string): Certificate | undefined;
  /** The chain of a stored certificate, root first. */
  chainOf(id: string): readonly Certificate[];
  /** Certificates this device holds the private key of, of one dataset when named. */
  own(datasetId?: string): readonly Certificate[];
  /** Signs `message` with the private key of certificate `id`. */
  sign(id: string, message: string): string;
  isTrustedRoot(id: string): boolean;
  isRevoked(id: string): boolean;
  /** Verifies a chain from a peer against this device's roots and revocations, without keeping it. */
  verify(chain: readonly unknown[]): VerifiedChain;
  /** Revokes certificate `id` (and its descendants), signed by this device's certificate `signerId`. */
  revoke(id: string, signerId: string): Revocation;
  /**
   * Drops a leaf certificate this device holds and its private key (a learn-only device forgetting
   * a learner). A root, or a certificate with children here, is kept: others depend on it.
   */
  forget(id: string): boolean;
  /** The revocation list as a syncable model of `facilitydata`, so revocations travel like data. */
  readonly revocationModel: SyncableModel;
}

function toRow(certificate: Certificate, now: number): SyncCertificateTable {
  return {
    id: certificate.id,
    parent_id: certificate.parentId,
    profile: certificate.profile,
    scope_definition: certificate.scopeDefinition,
    scope_version: certificate.scopeVersion,
    scope_params: JSON.stringify(certificate.scopeParams),
    public_key: certificate.publicKey,
    salt: certificate.salt,
    signature: certificate.signature,
    trusted: 0,
    created_at: now,
  };
}

function fromRow(row: SyncCertificateTable): Certificate {
  return Object.freeze({
    id: row.id,
    parentId: row.parent_id,
    profile: row.profile,
    scopeDefinition: row.scope_definition,
    scopeVersion: row.scope_version,
    scopeParams: Object.freeze(JSON.parse(row.scope_params) as Record<string, string>),
    publicKey: row.public_key,
    salt: row.salt,
    signature: row.signature,
  });
}

const MAX_CHAIN_LENGTH = 16;

/** Creates the certificate store over `db`. */
export function createCertificateStore(options: { readonly db: SqliteDatabase<CertificateSchema>; readonly random: RandomSource; readonly clock: Clock }): CertificateStore {
  const { db, random, clock } = options;
  const k = db.kysely;

  const get = (id: string) => {
    const row = db.first(k.selectFrom('sync_certificate').selectAll().where('id', '=', id));
    return row ? fromRow(row) : undefined;
  };
  const privateKeyOf = (certificate: Certificate) =>
    db.first(k.selectFrom('sync_private_key').select('private_key').where('public_key', '=', certificate.publicKey))?.private_key;
  const isTrustedRoot = (id: string) => db.first(k.selectFrom('sync_certificate').select('id').where('id', '=', id).where('parent_id', 'is', null).where('trusted', '=', 1)) !== undefined;
  const isRevoked = (id: string) => db.first(k.selectFrom('sync_revocation').select('certificate_id').where('certificate_id', '=', id)) !== undefined;
  const insert = (certificate: Certificate) => db.run(k.insertInto('sync_certificate').values(toRow(certificate, clock.now())).onConflict((c) => c.column('id').doNothing()));
  const keepKey = (publicKey: string, privateKey: string) =>
    db.run(k.insertInto('sync_private_key').values({ public_key: publicKey, private_key: privateKey, created_at: clock.now() }).onConflict((c) => c.column('public_key').doNothing()));

  const chainOf = (id: string): Certificate[] => {
    const chain: Certificate[] = [];
    for (let current = get(id); current; current = current.parentId === null ? undefined : get(current.parentId)) {
      chain.unshift(current);
      if (chain.length > MAX_CHAIN_LENGTH) throw chainTooLong(id);
      if (current.parentId === null) return chain;
    }
    throw new CertificateError('BROKEN_CHAIN', `Certificate ${id} or one of its ancestors is not stored on this device.`, id);
  };

  const sign = (id: string, message: string) => {
    const certificate = get(id);
    const privateKey = certificate && privateKeyOf(certificate);
    if (!privateKey) throw new CertificateError('NO_PRIVATE_KEY', `This device holds no private key for certificate ${id}.`, id);
    return signMessage(privateKey, message);
  };

  const applyRevocations: SyncableModel['apply'] = (records) =>
    records.map((record): ApplyOutcome => {
      // Revocations are never undone: a deletion of one is ignored.
      if (record.deleted || record.data === null) return { ok: true };
      try {
        const revocation = verifyRevocation(record.data, isTrustedRoot);
        if (revocation.certificateId !== record.sourceId) return { ok: false, error: `The revocation record ${record.recordId} names certificate ${revocation.certificateId}, not ${record.sourceId}.` };
        db.run(
          k
            .insertInto('sync_revocation')
            .values({
              certificate_id: revocation.certificateId,
              dataset_id: revocation.datasetId,
              revoked_at: revocation.revokedAt,
              signer_chain: JSON.stringify(revocation.signerChain),
              signature: revocation.signature,
              sync_dirty: 0,
            })
            .onConflict((c) => c.column('certificate_id').doNothing()),
        );
        return { ok: true };
      } catch (error) {
        return { ok: false, error: (error as Error).message };
      }
    });

  const revocationModel: SyncableModel<SyncRevocationTable & Record<string, unknown>> = {
    profile: FACILITY_DATA_PROFILE,
    modelName: 'syncrevocation',
    ...syncedTable<SyncRevocationTable & Record<string, unknown>, CertificateSchema>(db, 'sync_revocation', 'certificate_id'),
    // This store writes sync_revocation, its dirty mark included (set by `revoke`).
    markInStore(ids) {
      if (ids.length > 0) db.run(k.updateTable('sync_revocation').set({ sync_dirty: 0 }).where('certificate_id', 'in', idList(ids)).where('sync_dirty', '=', 1));
    },
    dependsOn: [],
    // Every device of the dataset reads it, learn-only ones included; only full-facility devices write it.
    partition: (row) => facilityPartitions.allUsersReadOnly(row.dataset_id),
    serialize: (row): JsonObject => ({
      certificateId: row.certificate_id,
      datasetId: row.dataset_id,
      revokedAt: row.revoked_at,
      signerChain: JSON.parse(row.signer_chain) as JsonObject[],
      signature: row.signature,
    }),
    apply: applyRevocations,
  };

  return Object.freeze({
    createRoot() {
      const keys = generateSigningKeyPair(random);
      const salt = randomHex(random);
      const id = certificateId(keys.publicKey, FACILITY_DATA_PROFILE, salt);
      const definition = scopeDefinitions['full-facility'];
      const unsigned = { id, parentId: null, profile: FACILITY_DATA_PROFILE, scopeDefinition: definition.id, scopeVersion: definition.version, scopeParams: { dataset_id: id }, publicKey: keys.publicKey, salt };
      const root: Certificate = Object.freeze({ ...unsigned, signature: signMessage(keys.privateKey, certificateSignedText(unsigned)) });
      db.writeTransaction(() => {
        keepKey(keys.publicKey, keys.privateKey);
        insert(root);
        db.run(k.updateTable('sync_certificate').set({ trusted: 1 }).where('id', '=', id));
      });
      return root;
    },
    createKeyRequest() {
      const keys = generateSigningKeyPair(random);
      db.writeTransaction(() => keepKey(keys.publicKey, keys.privateKey));
      return keys.publicKey;
    },
    discardKeyRequest(publicKey: string) {
      db.writeTransaction(() => {
        if (db.first(k.selectFrom('sync_certificate').select('id').where('public_key', '=', publicKey))) return;
        db.run(k.deleteFrom('sync_private_key').where('public_key', '=', publicKey));
      });
    },
    issueChild(request: ChildCertificateRequest) {
      const parent = get(request.parentId);
      const privateKey = parent && privateKeyOf(parent);
      if (!parent || !privateKey) throw new CertificateError('NO_PRIVATE_KEY', `This device cannot sign children of certificate ${request.parentId}.`, request.parentId);
      const definition = scopeDefinitions[request.scopeDefinition];
      const salt = randomHex(random);
      const unsigned = {
        id: certificateId(request.publicKey, parent.profile, salt),
        parentId: parent.id,
        profile: parent.profile,
        scopeDefinition: definition.id,
        scopeVersion: definition.version,
        scopeParams: Object.freeze({ ...request.scopeParams }),
        publicKey: request.publicKey,
        salt,
      };
      const child = parseCertificate({ ...unsigned, signature: signMessage(privateKey, certificateSignedText(unsigned)) });
      verifyCertificate(child, parent);
      db.writeTransaction(() => insert(child));
      return child;
    },
    saveChain(chain: readonly unknown[], saveOptions: { readonly trustRoot?: boolean } = {}) {
      const certificates = chain.map(parseCertificate);
      const rootId = certificates[0]?.id;
      const verified = verifyChain(certificates, { isTrustedRoot: (id) => (saveOptions.trustRoot === true && id === rootId) || isTrustedRoot(id), isRevoked });
      db.writeTransaction(() => {
        for (const certificate of certificates) insert(certificate);
        if (saveOptions.trustRoot) db.run(k.updateTable('sync_certificate').set({ trusted: 1 }).where('id', '=', verified.datasetId));
      });
      return verified;
    },
    get,
    chainOf,
    own(datasetId?: string) {
      const rows = db
        .all(
          k
            .selectFrom('sync_certificate')
            .innerJoin('sync_private_key', 'sync_private_key.public_key', 'sync_certificate.public_key')
            .selectAll('sync_certificate')
            .orderBy('sync_certificate.created_at')
            .orderBy('sync_certificate.id'),
        )
        .map(fromRow);
      return datasetId === undefined ? rows : rows.filter((certificate) => chainOf(certificate.id)[0]?.id === datasetId);
    },
    sign,
    isTrustedRoot,
    isRevoked,
    verify(chain: readonly unknown[]) {
      return verifyChain(chain.map(parseCertificate), { isTrustedRoot, isRevoked });
    },
    revoke(id: string, signerId: string) {
      const signerChain = chainOf(signerId);
      const signer = signerChain[signerChain.length - 1]!;
      const privateKey = privateKeyOf(signer);
      if (!privateKey) throw new CertificateError('NO_PRIVATE_KEY', `This device holds no private key for certificate ${signerId}.`, signerId);
      const revocation = signRevocation({ certificateId: id, datasetId: signerChain[0]!.id, revokedAt: clock.now(), signerChain }, privateKey);
      verifyRevocation(JSON.parse(JSON.stringify(revocation)), isTrustedRoot);
      db.writeTransaction(() =>
        db.run(
          k
            .insertInto('sync_revocation')
            .values({
              certificate_id: id,
              dataset_id: revocation.datasetId,
              revoked_at: revocation.revokedAt,
              signer_chain: JSON.stringify(signerChain),
              signature: revocation.signature,
              sync_dirty: 1,
            })
            .onConflict((c) => c.column('certificate_id').doNothing()),
        ),
      );
      return revocation;
    },
    forget(id: string) {
      const certificate = get(id);
      if (!certificate || certificate.parentId === null) return false;
      return db.writeTransaction(() => {
        if (db.first(k.selectFrom('sync_certificate').select('id').where('parent_id', '=', id))) return false;
        db.run(k.deleteFrom('sync_private_key').where('public_key', '=', certificate.publicKey));
        db.run(k.deleteFrom('sync_certificate').where('id', '=', id));
        return true;
      });
    },
    revocationModel: revocationModel as unknown as SyncableModel,
  });
}

function chainTooLong(id: string): CertificateError {
  return new CertificateError('BROKEN_CHAIN', `The chain of certificate ${id} is longer than ${MAX_CHAIN_LENGTH} certificates.`, id);
}
