/** A value that survives a JSON round trip unchanged: what serialized records are made of. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A serialized record: the JSON object a syncable model turns one app row into. */
export type JsonObject = { readonly [key: string]: JsonValue };
