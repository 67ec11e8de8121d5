// Peak resident memory and CPU time of a command and the processes it starts, read from
// Linux's /proc while it runs: the benchmark uses it for the pulumi CLI (the engine), the
// Node.js program and the dynamic provider process. VmHWM is the kernel's own high-water
// mark of a process's resident set, so polling only has to find the process and read it
// once more before it exits; CPU time is the last value read, so up to one interval is lost.
import * as fs from 'node:fs';

export interface ProcessUsage {
  /** Largest VmHWM seen among the matching processes, in KiB; undefined if none was seen. */
  peakKiB: number | undefined;
  /** CPU time (user + system) of the matching processes, summed. */
  cpuSeconds: number;
  /** How many matching processes were seen. */
  processes: number;
}

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the name (which is in parentheses and may hold spaces): [0] is field 3. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone meanwhile
  }
}

function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields) map.set(Number(entry), Number(fields[1]));
  }
  return map;
}

function isDescendant(pid: number, ancestor: number, parentOf: Map<number, number>): boolean {
  for (let current = parentOf.get(pid), hops = 0; current !== undefined && current > 1 && hops < 64; current = parentOf.get(current), hops++) {
    if (current === ancestor) return true;
  }
  return false;
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
 * Watches `rootPid` itself (the group named `root`) and those of its descendants whose
 * command line matches one of `groups`, every `intervalMs`, until stop(). A process that
 * lives less than one interval may be missed.
 */
export function watchProcesses<G extends string>(
  rootPid: number,
  groups: Record<G, RegExp>,
  intervalMs = 250,
): { stop(): Record<G | 'root', ProcessUsage> } {
  const names = Object.keys(groups) as G[];
  const groupOf = new Map<number, G | 'root'>([[rootPid, 'root']]);
  const peak = new Map<number, number>();
  const cpu = new Map<number, number>();
  function poll(): void {
    const parentOf = parents();
    for (const pid of parentOf.keys()) {
      // A descendant that matches nothing yet is read again next time: it may exec into a match.
      if (groupOf.has(pid) || !isDescendant(pid, rootPid, parentOf)) continue;
      let cmdline: string;
      try {
        cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        continue;
      }
      const group = names.find((name) => groups[name].test(cmdline));
      if (group) groupOf.set(pid, group);
    }
    for (const pid of groupOf.keys()) {
      const kib = highWaterKiB(pid);
      if (kib !== undefined) peak.set(pid, Math.max(peak.get(pid) ?? 0, kib));
      const fields = statFields(pid);
      // utime and stime are fields 14 and 15.
      if (fields) cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
    }
  }
  const timer = setInterval(poll, intervalMs);
  poll();
  return {
    stop() {
      clearInterval(timer);
      const usage = {} as Record<G | 'root', ProcessUsage>;
      for (const group of ['root' as const, ...names]) {
        const pids = [...groupOf].filter(([, g]) => g === group).map(([pid]) => pid);
        const peaks = pids.map((pid) => peak.get(pid) ?? 0).filter((kib) => kib > 0);
        usage[group] = {
          peakKiB: peaks.length > 0 ? Math.max(...peaks) : undefined,
          cpuSeconds: pids.reduce((sum, pid) => sum + (cpu.get(pid) ?? 0), 0),
          processes: pids.length,
        };
      }
      return usage;
    },
  };
}
