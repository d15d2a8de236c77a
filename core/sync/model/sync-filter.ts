/**
 * A sync filter: a set of partition prefixes, written on the wire as newline-separated text. A
 * partition is inside a prefix when it equals it or continues it after a ':' — containment stops
 * at segment boundaries, so user "ab" never sees user "abc"'s partition. The empty prefix holds
 * every partition. Normalized filters are sorted, without duplicates and without a prefix that
 * another prefix of the same filter already holds.
 */
export type SyncFilter = readonly string[];

/** Whether `partition` lies inside `prefix`. */
export function partitionWithin(partition: string, prefix: string): boolean {
  return prefix === '' || partition === prefix || (partition.length > prefix.length && partition.startsWith(prefix) && partition[prefix.length] === ':');
}

/** Sorted, deduplicated, and without prefixes held by another prefix of the filter. */
export function normalizeFilter(prefixes: Iterable<string>): SyncFilter {
  const unique = [...new Set(prefixes)].sort();
  return Object.freeze(unique.filter((prefix) => !unique.some((other) => other !== prefix && partitionWithin(prefix, other))));
}

/** Parses newline-separated prefixes; blank lines are ignored. */
export function parseFilter(text: string): SyncFilter {
  return normalizeFilter(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0),
  );
}

/** The wire form: newline-separated prefixes. */
export function formatFilter(filter: SyncFilter): string {
  return normalizeFilter(filter).join('\n');
}

/** Whether the filter holds `partition`. */
export function filterContains(filter: SyncFilter, partition: string): boolean {
  return filter.some((prefix) => partitionWithin(partition, prefix));
}

/** Whether every partition `inner` holds is held by `outer`. */
export function filterWithin(inner: SyncFilter, outer: SyncFilter): boolean {
  return inner.every((prefix) => filterContains(outer, prefix));
}

/** The partitions both filters hold. */
export function intersectFilters(a: SyncFilter, b: SyncFilter): SyncFilter {
  const result: string[] = [];
  for (const x of a) {
    for (const y of b) {
      if (partitionWithin(x, y)) result.push(x);
      else if (partitionWithin(y, x)) result.push(y);
    }
  }
  return normalizeFilter(result);
}

/** Whether two filters hold at least one common partition. */
export function filtersOverlap(a: SyncFilter, b: SyncFilter): boolean {
  return intersectFilters(a, b).length > 0;
}
