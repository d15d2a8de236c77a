import { z } from 'zod';
import type { FacilityModelName } from './sync-bookkeeping.js';

const id = z.string().min(1).max(64);
const time = z.string().min(1).max(40);
const name = z.string().min(1).max(200);
/**
 * The serialized form of each facility model, the one description of its fields: a record from a
 * peer is validated with it, and a row is serialized as exactly its fields (an allow-list: a
 * column added to a table travels only once it is named here). The fields are the row's columns,
 * snake_case. Unknown fields of an incoming record are ignored, so that a newer peer's extra
 * fields do not stop an older device.
 */
export const facilityRecordSchemas = {
  facilitydataset: z.object({ id, description: z.string().max(2000).default(''), date_created: time }),
  facility: z.object({ id, dataset_id: id, name, date_created: time }),
  facilityuser: z.object({
    id,
    facility_id: id,
    dataset_id: id,
    username: z.string().min(1).max(125),
    full_name: z.string().max(200),
    password_hash: z.string().min(1).max(500),
    birth_year: z.number().int().nullable().default(null),
    gender: z.string().max(40).nullable().default(null),
    id_number: z.string().max(64).nullable().default(null),
    date_created: time,
    date_deleted: time.nullable().default(null),
  }),
  role: z.object({ id, user_id: id, facility_id: id, classroom_id: id.nullable().default(null), dataset_id: id, kind: z.enum(['admin', 'coach']) }),
  classroom: z.object({ id, facility_id: id, dataset_id: id, name, date_created: time }),
  learnergroup: z.object({ id, classroom_id: id, facility_id: id, dataset_id: id, name, date_created: time }),
  membership: z.object({ id, user_id: id, classroom_id: id, learner_group_id: id.nullable().default(null), dataset_id: id }),
} satisfies Record<FacilityModelName, z.ZodType>;

/** The fields a model's record carries, in the schema's order. */
export function serializedFields(modelName: FacilityModelName): readonly string[] {
  return Object.keys(facilityRecordSchemas[modelName].shape);
}
