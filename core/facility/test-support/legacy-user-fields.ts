import type { DatabaseSet } from '../../db/database-set.js';

/**
 * Writes a user's name fields straight into `facility_user`, past every rule, as a row written
 * before the rules existed (or by an older or foreign peer) would hold them. For tests that need
 * such data; the app itself writes users only through the facility service.
 */
export function writeLegacyUserFields(databases: DatabaseSet, userId: string, fields: { readonly fullName?: string; readonly idNumber?: string | null }): void {
  const db = databases.get<any>('default').handle;
  // Marked dirty like any edit, so the next sync serializes the value (a local write has already
  // put the row into the sync store, issue 14).
  if (fields.fullName !== undefined) db.prepare('update facility_user set full_name = ?, sync_dirty = 1 where id = ?').run(fields.fullName, userId);
  if (fields.idNumber !== undefined) db.prepare('update facility_user set id_number = ?, sync_dirty = 1 where id = ?').run(fields.idNumber, userId);
}
