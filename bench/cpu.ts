import fs from 'node:fs';
import path from 'node:path';

/** CPU time (user + system, ms) used so far by each component of the stack, read from /proc. */
export type CpuSnapshot = Record<string, number>;

const TICK_MS = 10; // Linux USER_HZ is 100 on every current distribution.

function stat(pid: number): { ppid: number; ms: number; childrenMs: number } | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start at ')'.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(f[1]),
      ms: (Number(f[11]) + Number(f[12])) * TICK_MS,
      childrenMs: (Number(f[13]) + Number(f[14])) * TICK_MS,
    };
  } catch {
    return undefined;
  }
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * A probe of the components' CPU time: the given processes by pid, and the servers the bench
 * started, found by their data folder on the command line (PostgreSQL with its backends, counting
 * the time of backends that have exited; the Temporal server, dev or real). Where /proc is missing,
 * nothing.
 */
export function cpuProbe(pids: Record<string, number>, serverDirs: { postgres?: string; temporal?: string }) {
  return (): CpuSnapshot => {
    const snapshot: CpuSnapshot = {};
    const all = fs.existsSync('/proc/self/stat')
      ? fs
          .readdirSync('/proc')
          .filter((d) => /^\d+$/.test(d))
          .map(Number)
      : [];
    for (const [name, pid] of Object.entries(pids)) {
      const s = stat(pid);
      if (!s) continue;
      // A component of several processes (the web's, forked by WEB_PROCESSES) counts them all.
      snapshot[name] = s.ms + s.childrenMs;
      for (const child of all) {
        const c = stat(child);
        if (c && c.ppid === pid) snapshot[name] += c.ms;
      }
    }
    if (all.length === 0) return snapshot;
    let postmaster: number | undefined;
    for (const pid of all) {
      const cmd = cmdline(pid);
      if (serverDirs.postgres && cmd.includes(`-D ${serverDirs.postgres}`)) postmaster = pid;
      // The dev server (`temporal server start-dev --db-filename <dir>/…`) or the real one
      // (`temporal-server --config-file <dir>/…`).
      if (
        serverDirs.temporal &&
        cmd.includes(serverDirs.temporal + path.sep) &&
        (cmd.includes('start-dev') || cmd.includes('temporal-server'))
      )
        snapshot.temporal = (snapshot.temporal ?? 0) + (stat(pid)?.ms ?? 0);
    }
    if (postmaster !== undefined) {
      const main = stat(postmaster)!;
      let total = main.ms + main.childrenMs;
      for (const pid of all) {
        const s = stat(pid);
        if (s && s.ppid === postmaster) total += s.ms;
      }
      snapshot.postgres = total;
    }
    snapshot.bench = (process.cpuUsage().user + process.cpuUsage().system) / 1000;
    return snapshot;
  };
}

/** CPU milliseconds per operation of each component between two snapshots. */
export function cpuPerOp(before: CpuSnapshot, after: CpuSnapshot, ops: number): CpuSnapshot {
  const out: CpuSnapshot = {};
  for (const key of Object.keys(after)) {
    if (before[key] === undefined) continue;
    out[key] = ops > 0 ? (after[key] - before[key]) / ops : NaN;
  }
  return out;
}
