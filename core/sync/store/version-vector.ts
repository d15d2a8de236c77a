/**
 * A record's version vector: for each instance that saved the record, the highest counter of that
 * instance the record's history includes (Morango's record max counters).
 */
export type VersionVector = Readonly<Record<string, number>>;

/** Whether the history `vector` describes includes the save (instance, counter). */
export function vectorIncludes(vector: VersionVector, instance: string, counter: number): boolean {
  return (vector[instance] ?? 0) >= counter;
}

/** The history that includes both: the highest counter of each instance. */
export function mergeVectors(a: VersionVector, b: VersionVector): VersionVector {
  const merged: Record<string, number> = { ...a };
  for (const [instance, counter] of Object.entries(b)) {
    if (counter > (merged[instance] ?? 0)) merged[instance] = counter;
  }
  return Object.freeze(merged);
}

/** `vector` with the save (instance, counter) added. */
export function withSave(vector: VersionVector, instance: string, counter: number): VersionVector {
  return Object.freeze({ ...vector, [instance]: Math.max(counter, vector[instance] ?? 0) });
}

/** Parses the stored JSON form, refusing anything that is not instance → positive integer. */
export function parseVersionVector(text: string): VersionVector {
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('A version vector must be a JSON object.');
  for (const counter of Object.values(value)) {
    if (!Number.isSafeInteger(counter) || (counter as number) < 1) throw new Error('A version vector counter must be a positive integer.');
  }
  return Object.freeze(value as Record<string, number>);
}
