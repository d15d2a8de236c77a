/** The columns a users CSV must have, spelled as the server's importer reads them. */
export const REQUIRED_IMPORT_COLUMNS: readonly string[] = Object.freeze(['username', 'password', 'full_name']);

/** Columns the importer also understands (`role` defaults to learner). */
export const OPTIONAL_IMPORT_COLUMNS: readonly string[] = Object.freeze(['role', 'birth_year', 'gender', 'id_number']);
