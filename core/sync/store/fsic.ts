import { partitionWithin, type SyncFilter } from '../model/sync-filter.js';

/**
 * A filter-specific instance-counter map (Morango's fsic): for each partition prefix, for each
 * instance, the counter up to which a device holds every save of that instance inside that prefix.
 * Knowledge of a prefix covers every partition inside it. JSON-friendly: it travels on the wire.
 */
export type Fsic = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** One row of a device's database max counters. */
export interface CounterEntry {
  readonly partition: string;
  readonly instance: string;
  readonly counter: number;
}

function put(target: Record<string, Record<string, number>>, partition: string, instance: string, counter: number): void {
  const counters = (target[partition] ??= {});
  if (counter > (counters[instance] ?? 0)) counters[instance] = counter;
}

/**
 * What a device knows inside `filter`, from its database max counters. An entry for a broader
 * prefix counts for each filter prefix it covers; an entry inside the filter keeps its own prefix.
 * Entries another key already covers with an equal or higher counter are dropped.
 */
export function fsicForFilter(entries: Iterable<CounterEntry>, filter: SyncFilter): Fsic {
  const raw: Record<string, Record<string, number>> = {};
  for (const entry of entries) {
    for (const prefix of filter) {
      if (partitionWithin(prefix, entry.partition)) put(raw, prefix, entry.instance, entry.counter);
      else if (partitionWithin(entry.partition, prefix)) put(raw, entry.partition, entry.instance, entry.counter);
    }
  }
  return simplifyFsic(raw);
}

/** Drops entries a broader key covers with an equal or higher counter, and empty keys. */
export function simplifyFsic(fsic: Fsic): Fsic {
  const result: Record<string, Record<string, number>> = {};
  const keys = Object.keys(fsic).sort();
  for (const key of keys) {
    for (const [instance, counter] of Object.entries(fsic[key]!)) {
      if (counter < 1) continue;
      const covered = keys.some((other) => other !== key && partitionWithin(key, other) && (fsic[other]![instance] ?? 0) >= counter);
      if (!covered) put(result, key, instance, counter);
    }
  }
  return Object.freeze(result);
}

/** The counter up to which `fsic` holds every save of `instance` in `partition`. */
export function effectiveCounter(fsic: Fsic, partition: string, instance: string): number {
  let best = 0;
  for (const [key, counters] of Object.entries(fsic)) {
    const counter = counters[instance];
    if (counter !== undefined && counter > best && partitionWithin(partition, key)) best = counter;
  }
  return best;
}

/** The fsic restricted to `filter`: what it says about partitions inside the filter only. */
export function restrictFsic(fsic: Fsic, filter: SyncFilter): Fsic {
  const entries: CounterEntry[] = [];
  for (const [partition, counters] of Object.entries(fsic)) {
    for (const [instance, counter] of Object.entries(counters)) entries.push({ partition, instance, counter });
  }
  return fsicForFilter(entries, filter);
}

/** The entries of an fsic, for raising a device's database max counters after a transfer. */
export function fsicEntries(fsic: Fsic): readonly CounterEntry[] {
  const entries: CounterEntry[] = [];
  for (const [partition, counters] of Object.entries(fsic)) {
    for (const [instance, counter] of Object.entries(counters)) entries.push({ partition, instance, counter });
  }
  return entries;
}
