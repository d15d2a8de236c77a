import type { SyncFilter } from '../model/sync-filter.js';
import { effectiveCounter, restrictFsic, type Fsic } from './fsic.js';

/** One slice of the store a sender queues: saves of `instance` in `region` with after < counter ≤ upTo. */
export interface QueueRange {
  readonly region: string;
  readonly instance: string;
  /** The receiver holds every save of the instance in the region up to this counter. */
  readonly after: number;
  /** The sender holds every save up to this counter; its fsic promises no more. */
  readonly upTo: number;
}

/** What a sender must queue for a receiver inside a filter. */
export interface QueuePlan {
  /** The region keys: the filter's prefixes and every key either fsic has inside it, sorted. */
  readonly regions: readonly string[];
  readonly ranges: readonly QueueRange[];
  /** The region a partition belongs to (its longest region key), or `undefined` outside the filter. */
  regionOf(partition: string): string | undefined;
}

/** Every prefix of `partition` at a segment boundary, longest first, ending with ''. */
export function segmentPrefixes(partition: string): string[] {
  const prefixes = [partition];
  for (let index = partition.lastIndexOf(':'); index > 0; index = partition.lastIndexOf(':', index - 1)) prefixes.push(partition.slice(0, index));
  prefixes.push('');
  return prefixes;
}

/**
 * Splits the filter into regions: each partition belongs to the longest key (filter prefix or fsic
 * key) that holds it, and inside one region both devices' knowledge is the same for every
 * partition. Per region and instance, the sender queues the saves the receiver lacks and the
 * sender's fsic covers, so nothing is queued twice and a second sync queues nothing.
 */
export function planQueue(filter: SyncFilter, senderFsic: Fsic, receiverFsic: Fsic): QueuePlan {
  const sender = restrictFsic(senderFsic, filter);
  const receiver = restrictFsic(receiverFsic, filter);
  const regions = [...new Set([...filter, ...Object.keys(sender), ...Object.keys(receiver)])].sort();
  const regionSet = new Set(regions);
  const instances = new Set(Object.values(sender).flatMap((counters) => Object.keys(counters)));
  const ranges: QueueRange[] = [];
  for (const region of regions) {
    for (const instance of [...instances].sort()) {
      const upTo = effectiveCounter(sender, region, instance);
      const after = effectiveCounter(receiver, region, instance);
      if (upTo > after) ranges.push(Object.freeze({ region, instance, after, upTo }));
    }
  }
  return Object.freeze({
    regions: Object.freeze(regions),
    ranges: Object.freeze(ranges),
    regionOf(partition: string) {
      return segmentPrefixes(partition).find((prefix) => regionSet.has(prefix));
    },
  });
}
