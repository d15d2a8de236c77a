import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds of one thread, from /proc (Linux): user and system apart. */
interface ThreadTimes {
  readonly user: number;
  readonly system: number;
}

/** Every thread of a process, by thread id. */
export type ThreadCpuSnapshot = ReadonlyMap<number, ThreadTimes>;

/** Where a process's CPU went between two snapshots. */
export interface ThreadCpuSplit {
  /** The main thread (HTTP, sign-in, the facility). */
  readonly main: ThreadTimes;
  /** The busiest other thread: in an Outpost server during a sync, the sync worker. */
  readonly busiest: ThreadTimes;
  /** Every other thread together: V8's GC helpers (concurrent marking, sweeping), libuv's pool. */
  readonly others: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** The CPU times of each thread of `pid` now. A thread that ended between the reads is left out. */
export function threadCpu(pid: number): ThreadCpuSnapshot {
  const threads = new Map<number, ThreadTimes>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue;
    }
    // After the command name's closing parenthesis: field 3 onwards; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    threads.set(Number(tid), { user: Number(fields[11]) / CLOCK_TICKS_PER_SECOND, system: Number(fields[12]) / CLOCK_TICKS_PER_SECOND });
  }
  return threads;
}

/** Splits a process's CPU between two snapshots into its main thread, its busiest other thread and the rest. */
export function splitThreadCpu(pid: number, before: ThreadCpuSnapshot, after: ThreadCpuSnapshot): ThreadCpuSplit {
  const spent = [...after].map(([tid, times]) => {
    const earlier = before.get(tid) ?? { user: 0, system: 0 };
    return { tid, user: times.user - earlier.user, system: times.system - earlier.system };
  });
  const main = spent.find((thread) => thread.tid === pid) ?? { tid: pid, user: 0, system: 0 };
  const rest = spent.filter((thread) => thread.tid !== pid).sort((a, b) => b.user + b.system - (a.user + a.system));
  const busiest = rest[0] ?? { tid: 0, user: 0, system: 0 };
  const others = rest.slice(1).reduce((sum, thread) => sum + thread.user + thread.system, 0);
  return { main: { user: main.user, system: main.system }, busiest: { user: busiest.user, system: busiest.system }, others };
}
