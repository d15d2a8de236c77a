import type { JsonValue } from './json-value.js';

/**
 * JSON with object keys sorted at every level, so equal values always give equal text: the store
 * compares serialized rows by text, and certificates are signed over this form.
 */
export function canonicalJson(value: JsonValue): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, JsonValue> = {};
    for (const key of Object.keys(value).sort()) {
      const entry = (value as Record<string, JsonValue>)[key];
      // undefined is not JSON: drop it the way JSON.stringify would.
      if (entry !== undefined) sorted[key] = sortKeys(entry);
    }
    return sorted;
  }
  return value;
}
