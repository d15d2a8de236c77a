import type { DatabaseSet } from '../../db/database-set.js';

/**
 * Writes a user's name fields straight into `facility_user`, past every rule, as a row written
 * before the rules existed (or by an older or foreign peer) would hold them. For tests that need
 * such data; the app itself writes users only through the facility service.
 */
export function writeLegacyUserFields(databases: DatabaseSet, userId: string, fields: { readonly fullName?: string; readonly idNumber?: string | null }): void {
  const db = databases.get<any>('default').handle;
  if (fields.fullName !== undefined) db.prepare('update facility_user set full_name = ? where id = ?').run(fields.fullName, userId);
  if (fields.idNumber !== undefined) db.prepare('update facility_user set id_number = ? where id = ?').run(fields.idNumber, userId);
}
