import { facilityPartitions } from '../model/facility-partitions.js';
import { FACILITY_DATA_PROFILE } from '../model/sync-profile.js';
import { normalizeFilter, type SyncFilter } from '../model/sync-filter.js';
import { CertificateError } from './certificate-error.js';
import type { Certificate } from './certificate.js';

/** What a certificate may read and write: filters of partition prefixes. */
export interface ResolvedScope {
  readonly read: SyncFilter;
  readonly write: SyncFilter;
}

/**
 * A named scope (Kolibri's scope definitions): filter templates over the certificate's scope
 * parameters. `readWrite` partitions are both read and written.
 */
export interface ScopeDefinition {
  readonly id: string;
  readonly version: number;
  readonly profile: string;
  /** The parameter naming the dataset; a root's must equal the root's id. */
  readonly primaryParam: 'dataset_id';
  readonly params: readonly string[];
  readonly read: (params: Readonly<Record<string, string>>) => readonly string[];
  readonly write: (params: Readonly<Record<string, string>>) => readonly string[];
  readonly readWrite: (params: Readonly<Record<string, string>>) => readonly string[];
}

/** The scope definition names. */
export type ScopeDefinitionId = 'full-facility' | 'single-user';

/** The scopes of the `facilitydata` profile. */
export const scopeDefinitions: Readonly<Record<ScopeDefinitionId, ScopeDefinition>> = Object.freeze({
  /** A device holding a whole facility: reads and writes everything of the dataset. */
  'full-facility': Object.freeze({
    id: 'full-facility',
    version: 1,
    profile: FACILITY_DATA_PROFILE,
    primaryParam: 'dataset_id',
    params: ['dataset_id'],
    read: () => [],
    write: () => [],
    readWrite: (p: Readonly<Record<string, string>>) => [facilityPartitions.dataset(p['dataset_id']!)],
  }),
  /** A learn-only device for one learner: the facility's shared data, the learner, and their own records. */
  'single-user': Object.freeze({
    id: 'single-user',
    version: 1,
    profile: FACILITY_DATA_PROFILE,
    primaryParam: 'dataset_id',
    params: ['dataset_id', 'user_id'],
    read: (p: Readonly<Record<string, string>>) => [facilityPartitions.allUsersReadOnly(p['dataset_id']!), facilityPartitions.userReadOnly(p['dataset_id']!, p['user_id']!)],
    write: (p: Readonly<Record<string, string>>) => [facilityPartitions.anonymous(p['dataset_id']!)],
    readWrite: (p: Readonly<Record<string, string>>) => [facilityPartitions.userReadWrite(p['dataset_id']!, p['user_id']!)],
  }),
});

/** The definition a certificate names, or `UNKNOWN_SCOPE`. */
export function scopeDefinitionOf(certificate: Pick<Certificate, 'id' | 'scopeDefinition' | 'scopeVersion' | 'profile'>): ScopeDefinition {
  const definition = Object.hasOwn(scopeDefinitions, certificate.scopeDefinition) ? scopeDefinitions[certificate.scopeDefinition as ScopeDefinitionId] : undefined;
  if (!definition || definition.version !== certificate.scopeVersion || definition.profile !== certificate.profile) {
    throw new CertificateError('UNKNOWN_SCOPE', `Certificate ${certificate.id} has scope "${certificate.scopeDefinition}" v${certificate.scopeVersion} of profile "${certificate.profile}", which this device does not know.`, certificate.id);
  }
  return definition;
}

/** The filters a certificate may read and write. */
export function resolveScope(certificate: Pick<Certificate, 'id' | 'scopeDefinition' | 'scopeVersion' | 'profile' | 'scopeParams'>): ResolvedScope {
  const definition = scopeDefinitionOf(certificate);
  const given = Object.keys(certificate.scopeParams).sort();
  if (given.join('\n') !== [...definition.params].sort().join('\n')) {
    throw new CertificateError('MALFORMED', `Certificate ${certificate.id}: scope "${definition.id}" takes the parameters ${definition.params.join(', ')}, not ${given.join(', ') || 'none'}.`, certificate.id);
  }
  try {
    const both = definition.readWrite(certificate.scopeParams);
    return Object.freeze({
      read: normalizeFilter([...definition.read(certificate.scopeParams), ...both]),
      write: normalizeFilter([...definition.write(certificate.scopeParams), ...both]),
    });
  } catch (error) {
    throw new CertificateError('MALFORMED', `Certificate ${certificate.id}: ${(error as Error).message}`, certificate.id);
  }
}
