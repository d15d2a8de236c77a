import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../common/clock.js';
import type { DatabaseSet } from '../../db/database-set.js';
import { createTempHome, type TempHome } from '../../test-support/temp-home.js';
import { seededRandom } from '../test-support/seeded-random.js';
import { openTestDatabases } from '../test-support/test-database.js';
import { isCertificateError, type CertificateFailure } from './certificate-error.js';
import { createCertificateStore, type CertificateStore } from './certificate-store.js';
import { certificateId, certificateSignedText, type Certificate } from './certificate.js';
import { verifyRevocation } from './revocation.js';
import { generateSigningKeyPair, signMessage } from './signing-keys.js';
import { verifyChain } from './verify-chain.js';

describe('certificates', () => {
  const homes: TempHome[] = [];
  const sets: DatabaseSet[] = [];
  afterEach(async () => {
    for (const set of sets.splice(0)) await set.close();
    for (const home of homes.splice(0)) home.remove();
  });

  async function device(seed: string): Promise<CertificateStore> {
    const home = createTempHome();
    homes.push(home);
    const set = await openTestDatabases(home.path);
    sets.push(set);
    return createCertificateStore({ db: set.get('default'), random: seededRandom(seed), clock: createManualClock() });
  }

  /** A facility server with a root, a second admin device and a learner's device. */
  async function facility() {
    const server = await device('server');
    const laptop = await device('laptop');
    const tablet = await device('tablet');
    const root = server.createRoot();
    const adminCert = server.issueChild({ parentId: root.id, scopeDefinition: 'full-facility', scopeParams: { dataset_id: root.id }, publicKey: laptop.createKeyRequest() });
    laptop.saveChain([root, adminCert], { trustRoot: true });
    // The admin device signs for the learner: a chain three certificates long.
    const learnerCert = laptop.issueChild({ parentId: adminCert.id, scopeDefinition: 'single-user', scopeParams: { dataset_id: root.id, user_id: 'learner1' }, publicKey: tablet.createKeyRequest() });
    tablet.saveChain([root, adminCert, learnerCert], { trustRoot: true });
    return { server, laptop, tablet, root, adminCert, learnerCert };
  }

  function failure(work: () => unknown): CertificateFailure | 'none' | 'other' {
    try {
      work();
      return 'none';
    } catch (error) {
      return isCertificateError(error) ? error.reason : 'other';
    }
  }

  /** Signs `fields` as a child of `parent` with `parentKey`, computing a correct id unless told otherwise. */
  function signed(parentKey: string, fields: Omit<Certificate, 'id' | 'signature'> & { id?: string }): Certificate {
    const unsigned = { ...fields, id: fields.id ?? certificateId(fields.publicKey, fields.profile, fields.salt) };
    return { ...unsigned, signature: signMessage(parentKey, certificateSignedText(unsigned)) };
  }

  it('verifies a root, a full-facility child and a single-user grandchild, with their scopes', async () => {
    const { server, root, adminCert, learnerCert } = await facility();
    expect(server.verify([root]).scope).toEqual({ read: [root.id], write: [root.id] });
    expect(server.verify([root, adminCert]).datasetId).toBe(root.id);
    expect(server.verify([root, adminCert, learnerCert]).scope).toEqual({
      read: [`${root.id}:allusers-ro`, `${root.id}:user-ro:learner1`, `${root.id}:user-rw:learner1`],
      write: [`${root.id}:anonymous`, `${root.id}:user-rw:learner1`],
    });
    expect(server.own().map((c) => c.id)).toEqual([root.id]);
  });

  it('derives keys from the injected randomness', () => {
    expect(generateSigningKeyPair(seededRandom('x'))).toEqual(generateSigningKeyPair(seededRandom('x')));
    expect(generateSigningKeyPair(seededRandom('x')).publicKey).not.toBe(generateSigningKeyPair(seededRandom('y')).publicKey);
  });

  it('refuses each kind of bad certificate with its own reason', async () => {
    const { server, laptop, root, adminCert, learnerCert } = await facility();
    const rogue = generateSigningKeyPair(seededRandom('rogue'));
    const learnerKey = generateSigningKeyPair(seededRandom('learner-key'));
    // The tablet's key signs for the learner; we need a key we hold to sign children of the learner cert.
    const learnerHeld = laptop.issueChild({ parentId: adminCert.id, scopeDefinition: 'single-user', scopeParams: { dataset_id: root.id, user_id: 'learner1' }, publicKey: learnerKey.publicKey });
    const base = { parentId: learnerHeld.id, profile: root.profile, scopeVersion: 1, publicKey: rogue.publicKey, salt: 'aaaaaaaaaaaaaaaa' } as const;

    const exceeds = signed(learnerKey.privateKey, { ...base, scopeDefinition: 'full-facility', scopeParams: { dataset_id: root.id } });
    expect(failure(() => server.verify([root, adminCert, learnerHeld, exceeds]))).toBe('SCOPE_EXCEEDS_PARENT');
    expect(failure(() => laptop.issueChild({ parentId: learnerHeld.id, scopeDefinition: 'full-facility', scopeParams: { dataset_id: root.id }, publicKey: rogue.publicKey }))).toBe('NO_PRIVATE_KEY');

    const tampered = { ...learnerCert, scopeParams: { dataset_id: root.id, user_id: 'learner2' } };
    expect(failure(() => server.verify([root, adminCert, tampered]))).toBe('BAD_SIGNATURE');
    const forgedBySomeoneElse = signed(rogue.privateKey, { ...base, parentId: adminCert.id, scopeDefinition: 'single-user', scopeParams: { dataset_id: root.id, user_id: 'x' } });
    expect(failure(() => server.verify([root, adminCert, forgedBySomeoneElse]))).toBe('BAD_SIGNATURE');

    const wrongId = signed(learnerKey.privateKey, { ...base, id: 'f'.repeat(32), scopeDefinition: 'single-user', scopeParams: { dataset_id: root.id, user_id: 'learner1' } });
    expect(failure(() => server.verify([root, adminCert, learnerHeld, wrongId]))).toBe('WRONG_ID');

    const otherProfile = signed(learnerKey.privateKey, { ...base, profile: 'contentdata', scopeDefinition: 'single-user', scopeParams: { dataset_id: root.id, user_id: 'learner1' } });
    expect(failure(() => server.verify([root, adminCert, learnerHeld, otherProfile]))).toBe('PROFILE_MISMATCH');

    const fakeRootKeys = generateSigningKeyPair(seededRandom('fake-root'));
    const fakeRootFields = { parentId: null, profile: root.profile, scopeDefinition: 'full-facility', scopeVersion: 1, publicKey: fakeRootKeys.publicKey, salt: 'bbbbbbbbbbbbbbbb' } as const;
    const rootOfAnotherDataset = signed(fakeRootKeys.privateKey, { ...fakeRootFields, scopeParams: { dataset_id: root.id } });
    expect(failure(() => server.verify([rootOfAnotherDataset]))).toBe('ROOT_SCOPE_MISMATCH');

    const selfRoot = signed(fakeRootKeys.privateKey, { ...fakeRootFields, scopeParams: { dataset_id: certificateId(fakeRootFields.publicKey, root.profile, fakeRootFields.salt) } });
    expect(failure(() => server.verify([selfRoot]))).toBe('UNTRUSTED_ROOT');
    expect(failure(() => verifyChain([selfRoot], { isTrustedRoot: () => true, isRevoked: () => false }))).toBe('none');

    expect(failure(() => server.verify([root, learnerCert]))).toBe('BROKEN_CHAIN');
    expect(failure(() => server.verify([{ ...root, salt: 'not hex!' }]))).toBe('MALFORMED');
    expect(failure(() => server.verify(['garbage']))).toBe('MALFORMED');
    const unknownScope = signed(learnerKey.privateKey, { ...base, scopeDefinition: 'everything', scopeParams: { dataset_id: root.id } });
    expect(failure(() => server.verify([root, adminCert, learnerHeld, unknownScope]))).toBe('UNKNOWN_SCOPE');
  });

  it('refuses a chain once any certificate in it is revoked, and keeps the others valid', async () => {
    const { server, root, adminCert, learnerCert } = await facility();
    const other = server.issueChild({ parentId: root.id, scopeDefinition: 'full-facility', scopeParams: { dataset_id: root.id }, publicKey: generateSigningKeyPair(seededRandom('other')).publicKey });
    server.revoke(adminCert.id, root.id);
    expect(failure(() => server.verify([root, adminCert]))).toBe('REVOKED');
    expect(failure(() => server.verify([root, adminCert, learnerCert]))).toBe('REVOKED');
    expect(failure(() => server.verify([root, other]))).toBe('none');
  });

  it('accepts revocations only from a full-facility signer of the dataset, with an intact signature', async () => {
    const { server, laptop, tablet, adminCert, learnerCert } = await facility();
    const revocation = JSON.parse(JSON.stringify(laptop.revoke(learnerCert.id, adminCert.id)));
    expect(verifyRevocation(revocation, server.isTrustedRoot).certificateId).toBe(learnerCert.id);
    expect(failure(() => verifyRevocation({ ...revocation, certificateId: adminCert.id }, server.isTrustedRoot))).toBe('BAD_SIGNATURE');
    expect(failure(() => verifyRevocation(revocation, () => false))).toBe('UNTRUSTED_ROOT');
    expect(failure(() => tablet.revoke(adminCert.id, learnerCert.id))).toBe('REVOCATION_NOT_ALLOWED');
    expect(failure(() => verifyRevocation({ ...revocation, signerChain: 'nope' }, server.isTrustedRoot))).toBe('MALFORMED');
  });

  it('keeps a peer chain only when it verifies to a trusted root', async () => {
    const { server, root, adminCert } = await facility();
    const stranger = await device('stranger');
    expect(failure(() => stranger.saveChain([root, adminCert]))).toBe('UNTRUSTED_ROOT');
    expect(stranger.get(adminCert.id)).toBeUndefined();
    stranger.saveChain([root, adminCert], { trustRoot: true });
    expect(stranger.chainOf(adminCert.id).map((c) => c.id)).toEqual([root.id, adminCert.id]);
    expect(stranger.own()).toEqual([]);
    expect(failure(() => stranger.sign(adminCert.id, 'hello'))).toBe('NO_PRIVATE_KEY');
    expect(server.sign(root.id, 'hello')).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});
