import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CoreError } from '../../common/core-error.js';
import { apiRoutes } from '../../contract/api-routes.js';
import type { ConflictFieldName, ConflictValueDto, SyncConflictDto, SyncConflictListResponse } from '../../contract/sync-conflicts.js';
import type { FacilityService } from '../../facility/index.js';
import type { JsonObject } from '../../sync/model/json-value.js';
import type { ConflictValue, PeerService, SyncClientStore, SyncConflict, SyncConflicts, ValueStamp } from '../../sync/index.js';
import { requireUser } from '../auth/request-user.js';
import { createPermissions } from '../permissions.js';
import { validateInput } from '../validate-input.js';
import { idParams } from './facility-route-context.js';

/** What the conflict routes are built from. */
export interface SyncConflictRouteContext {
  readonly facility: Pick<FacilityService, 'facilities' | 'classes'>;
  readonly conflicts: SyncConflicts;
  readonly peers: PeerService;
  /** The devices that synced with this one as clients, to name them too. */
  readonly clients?: SyncClientStore;
  /** This device's sync instance id, to say "this device". */
  readonly instanceId: string;
}

type Fields = Partial<Record<ConflictFieldName, string | number | boolean | null>>;

/** How each model shows in the conflicts view: its kind, its label and the fields an admin compares. */
const views: Readonly<Record<string, { readonly kind: SyncConflictDto['kind']; readonly label: (data: JsonObject) => string; readonly fields: (data: JsonObject) => Fields }>> = {
  facilityuser: {
    kind: 'user',
    label: (data) => String(data['username'] ?? ''),
    // The password hash never leaves the server; choosing a value does carry its password.
    fields: (data) => ({
      username: text(data['username']),
      fullName: text(data['full_name']),
      birthYear: typeof data['birth_year'] === 'number' ? data['birth_year'] : null,
      gender: text(data['gender']),
      idNumber: text(data['id_number']),
      removed: data['date_deleted'] !== null && data['date_deleted'] !== undefined,
    }),
  },
  classroom: { kind: 'class', label: (data) => String(data['name'] ?? ''), fields: (data) => ({ name: text(data['name']) }) },
  learnergroup: { kind: 'group', label: (data) => String(data['name'] ?? ''), fields: (data) => ({ name: text(data['name']) }) },
  facility: { kind: 'facility', label: (data) => String(data['name'] ?? ''), fields: (data) => ({ name: text(data['name']) }) },
  facilitydataset: { kind: 'dataset', label: () => '', fields: (data) => ({ description: text(data['description']) }) },
};

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

const valueIdOf = (stamp: ValueStamp) => `${stamp.at}.${stamp.instance}.${stamp.counter}`;

function stampOf(valueId: string): ValueStamp | undefined {
  const match = /^(\d{1,16})\.([0-9a-f]{32})\.(\d{1,16})$/.exec(valueId);
  return match ? { at: Number(match[1]), instance: match[2]!, counter: Number(match[3]) } : undefined;
}

const sameFields = (a: Fields, b: Fields) => Object.keys(a).every((key) => a[key as ConflictFieldName] === b[key as ConflictFieldName]);

const resolveBody = z.strictObject({
  recordId: z.string().regex(/^[0-9a-f]{32}$/, 'Not a record id'),
  valueId: z.string().min(1, 'Required').max(80, 'Not a value id'),
});

/** `GET /api/facilities/:id/sync-conflicts` and `POST …/sync-conflicts/resolve`, for the facility's admins. */
export function registerSyncConflictRoutes(app: FastifyInstance, context: SyncConflictRouteContext): void {
  const { facility, conflicts, peers, instanceId } = context;
  const permissions = createPermissions(facility.classes);

  const datasetOf = (facilityId: string) => {
    const record = facility.facilities.getFacility(facilityId);
    if (!record) throw new CoreError('NOT_FOUND', `No facility with id "${facilityId}".`);
    return record.datasetId;
  };

  const deviceOf = (instance: string, peerNames: ReadonlyMap<string, string>): ConflictValueDto['device'] => {
    if (instance === instanceId) return { kind: 'this-device', name: null };
    const address = peerNames.get(instance);
    return address ? { kind: 'peer', name: address } : { kind: 'other', name: instance.slice(0, 8) };
  };

  const toDto = (conflict: SyncConflict, peerNames: ReadonlyMap<string, string>): SyncConflictDto | undefined => {
    const view = views[conflict.modelName];
    if (!view) return undefined;
    const value = (entry: ConflictValue): ConflictValueDto => ({
      valueId: valueIdOf(entry.stamp),
      editedAt: new Date(entry.stamp.at).toISOString(),
      device: deviceOf(entry.stamp.instance, peerNames),
      fields: view.fields(entry.data),
    });
    const kept = value(conflict.kept);
    const lost = conflict.lost.map(value).filter((entry) => !sameFields(entry.fields, kept.fields));
    return lost.length === 0 ? undefined : { recordId: conflict.recordId, kind: view.kind, label: view.label(conflict.kept.data), kept, lost };
  };

  const list = (datasetId: string): SyncConflictListResponse => {
    // A device by its own name (issue 16): the peers this device syncs with, and the devices that
    // synced with it as their server; the address only for a device too old to tell its name.
    const peerNames = new Map<string, string>();
    for (const client of context.clients?.list(datasetId) ?? []) peerNames.set(client.instanceId, client.deviceName ?? client.address);
    for (const peer of peers.list()) peerNames.set(peer.peerInstanceId, peer.name ?? peer.address);
    return { conflicts: conflicts.list(datasetId).flatMap((conflict) => toDto(conflict, peerNames) ?? []) };
  };

  app.get(apiRoutes.facilitySyncConflicts, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'facility id');
    const datasetId = datasetOf(id);
    permissions.assertCanManageFacility(actor, id);
    return list(datasetId);
  });

  app.post(apiRoutes.facilitySyncConflictsResolve, async (request) => {
    const actor = requireUser(request);
    const { id } = validateInput(idParams, request.params, 'facility id');
    const datasetId = datasetOf(id);
    permissions.assertCanManageFacility(actor, id);
    const input = validateInput(resolveBody, request.body, 'conflict choice');
    const stamp = stampOf(input.valueId);
    if (!stamp) throw new CoreError('INVALID_INPUT', 'The conflict choice is not valid.', [{ path: 'valueId', message: 'Not a value id' }]);
    // Only a conflict of this facility: an admin of another facility cannot reach it by its id.
    const conflict = conflicts.get(input.recordId);
    if (!conflict || (conflict.partition !== datasetId && !conflict.partition.startsWith(`${datasetId}:`))) {
      throw new CoreError('NOT_FOUND', 'This sync conflict was already resolved or is not in this facility; reload the list.');
    }
    conflicts.resolve(input.recordId, stamp);
    return list(datasetId);
  });
}
