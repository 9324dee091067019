import { execFileSync } from "node:child_process";
import fs from "node:fs";

/*
 * CPU time of processes and of the machine, from /proc (Linux): utime + stime of each process in
 * clock ticks, and the machine's busy and total ticks over all cores. The benchmark divides these
 * by the requests served to get CPU milliseconds per request for each tier.
 */

export const CLK_TCK = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export type ProcCpu = { pid: number; ppid: number; ticks: number; startTicks: number };

/** utime + stime and start time of one process, or null when it is gone. */
export function readProcCpu(pid: number): ProcCpu | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may contain spaces: split after the last ")".
  const rest = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15, starttime 22.
  return { pid, ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]), startTicks: Number(rest[19]) };
}

/** The pids and all their descendants that are alive now. */
export function withDescendants(roots: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const p = readProcCpu(Number(entry));
    if (!p) continue;
    const list = children.get(p.ppid) ?? [];
    list.push(p.pid);
    children.set(p.ppid, list);
  }
  const out = new Set<number>();
  const stack = [...roots];
  while (stack.length) {
    const pid = stack.pop()!;
    if (out.has(pid)) continue;
    out.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return [...out];
}

/** Ticks since boot, the unit of a process's start time. */
export function uptimeTicks(): number {
  return Number(fs.readFileSync("/proc/uptime", "utf8").split(" ")[0]) * CLK_TCK;
}

/** The machine's busy and total ticks summed over every core (the `cpu` line of /proc/stat). */
export function machineTicks(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/**
 * CPU used by a changing set of processes over a window (Postgres backends come and go). Polled:
 * each pid's CPU at the start of the window (0 for a process born inside it) and the last value
 * seen, so a process that exits between polls loses at most one poll interval.
 */
export class CpuMeter {
  private first = new Map<number, number>();
  private last = new Map<number, number>();
  private windowStartTicks = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> = Promise.resolve();

  constructor(private readonly pids: () => Promise<number[]> | number[], private readonly intervalMs = 500) {}

  private async poll(): Promise<void> {
    for (const pid of await this.pids()) {
      const p = readProcCpu(pid);
      if (!p) continue;
      if (!this.first.has(pid)) this.first.set(pid, p.startTicks >= this.windowStartTicks ? 0 : p.ticks);
      this.last.set(pid, p.ticks);
    }
  }

  async start(): Promise<void> {
    this.first.clear();
    this.last.clear();
    this.windowStartTicks = uptimeTicks();
    await this.poll();
    this.timer = setInterval(() => {
      this.polling = this.polling.then(() => this.poll()).catch(() => undefined);
    }, this.intervalMs);
  }

  /** CPU milliseconds used in the window. */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    await this.polling;
    await this.poll();
    let ticks = 0;
    for (const [pid, last] of this.last) ticks += last - (this.first.get(pid) ?? 0);
    return (ticks * 1000) / CLK_TCK;
  }
}
