// Peak resident memory (and CPU time) of the processes a command starts, read from Linux's /proc while it
// runs: the benchmark uses it for the dynamic provider process the Pulumi engine starts.
// VmHWM is the kernel's own high-water mark of a process's resident set, so polling only
// has to find the process and read it once more before it exits.
import * as fs from 'node:fs';

export interface PeakMemory {
  /** Largest VmHWM seen among the matching processes, in KiB; undefined if none was seen. */
  peakKiB: number | undefined;
  /** CPU time (user + system) of the matching processes, as last read before they ended. */
  cpuSeconds: number;
  /** How many matching processes were seen. */
  processes: number;
}

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** Parent pid of every process, from /proc/<pid>/stat (its name, in parentheses, may hold spaces). */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  return map;
}

function isDescendant(pid: number, ancestor: number, parentOf: Map<number, number>): boolean {
  for (let current = parentOf.get(pid), hops = 0; current !== undefined && current > 1 && hops < 64; current = parentOf.get(current), hops++) {
    if (current === ancestor) return true;
  }
  return false;
}

function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat; fields[0] here is field 3.
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function highWaterKiB(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Watches the descendants of `rootPid` whose command line matches, every `intervalMs`,
 * until stop(). A process that lives less than one interval may be missed.
 */
export function watchPeakMemory(rootPid: number, commandLine: RegExp, intervalMs = 250): { stop(): PeakMemory } {
  const seen = new Map<number, number>();
  const cpu = new Map<number, number>();
  function poll(): void {
    const parentOf = parents();
    for (const pid of parentOf.keys()) {
      // A descendant that does not match yet is read again next time: it may exec into the match.
      if (seen.has(pid) || !isDescendant(pid, rootPid, parentOf)) continue;
      let cmdline = '';
      try {
        cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        continue;
      }
      if (commandLine.test(cmdline)) seen.set(pid, 0);
    }
    for (const pid of seen.keys()) {
      const kib = highWaterKiB(pid);
      if (kib !== undefined) seen.set(pid, Math.max(seen.get(pid)!, kib));
      const seconds = cpuSecondsOf(pid);
      if (seconds !== undefined) cpu.set(pid, seconds);
    }
  }
  const timer = setInterval(poll, intervalMs);
  poll();
  return {
    stop() {
      clearInterval(timer);
      const values = [...seen.values()].filter((kib) => kib > 0);
      const cpuSeconds = [...cpu.values()].reduce((sum, seconds) => sum + seconds, 0);
      return { peakKiB: values.length > 0 ? Math.max(...values) : undefined, cpuSeconds, processes: seen.size };
    },
  };
}
