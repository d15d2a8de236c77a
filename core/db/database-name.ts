/** The logical databases. Each is one SQLite file `<name>.sqlite3` in the home folder. */
export type DatabaseName = 'default' | 'sessions' | 'history';

/** Every logical database, in the order they are opened and migrated. */
export const databaseNames: readonly DatabaseName[] = Object.freeze(['default', 'sessions', 'history']);

/** The file name of a database inside the home folder. */
export function databaseFileName(name: DatabaseName): string {
  return `${name}.sqlite3`;
}
