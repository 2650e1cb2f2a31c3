import fs from 'node:fs';
import type { GenerateResult } from './generate';
import type { HajjResult } from './scenarios/hajj';
import type { InboxVariant } from './scenarios/inbox';
import type { ReportTiming } from './scenarios/reports';
import type { LifecycleResult } from './scenarios/lifecycle';
import type { SubmissionLevel } from './scenarios/submission';
import type { TrackingLevel } from './scenarios/tracking';
import type { CpuSnapshot } from './cpu';
import type { DbSnapshot } from './costs';
import type { RtResult } from './peers/rt';
import { ROUTED_P99_TARGET_MS, type ServerRun, type SustainedResult } from './scenarios/sustained';
import { ms, rate, type Summary } from './stats';

export interface MemoryRow {
  process: string;
  idleMiB: number;
  peakMiB: number;
  afterMiB: number;
}

export interface BenchReport {
  mode: 'quick' | 'full';
  command: string;
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string };
  versions: Record<string, string>;
  stack: string;
  generate: GenerateResult;
  submission: SubmissionLevel[];
  /** The same requests created through the Open311 API. */
  open311: SubmissionLevel[];
  lifecycle: LifecycleResult;
  tracking: TrackingLevel[];
  inbox: InboxVariant[];
  /** The staff reports' queries and the XLSX export (issue 17). */
  reports: ReportTiming[];
  /** The Hajj journey (issue 9); absent when the scenario did not run. */
  hajj?: HajjResult;
  /** Sustained routing and the per-case counts on the run's main Temporal server (issue 21). */
  routing: ServerRun;
  /** The lifecycle, sustained routing and counts again on the real Temporal server (`--server both`). */
  real?: ServerRun & { version: string };
  /** Request Tracker measured after our stack stopped (`--peer rt`). */
  rt?: RtResult;
  memory: {
    rows: MemoryRow[];
    sustainedSeconds: number;
    sustained: { tracking: Summary; submission: Summary };
  };
  tuning: string[];
  /** One-minute load average of the machine sampled during the scenarios. */
  load: { mean: number; max: number };
}

const NOTES_START = '<!-- notes: kept by the bench when it rewrites this file -->';
const NOTES_END = '<!-- /notes -->';

const table = (head: string[], rows: (string | number)[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const lat = (s: Summary) => [ms(s.p50), ms(s.p95), ms(s.p99)];

const CPU_NAMES: Record<string, string> = {
  web: 'web',
  worker: 'worker',
  'baseline worker': 'baseline worker',
  postgres: 'pg',
  temporal: 'temporal',
  bench: 'client',
};
/** CPU ms per operation by component, the load generator ("client") last. */
function cpuCell(cpu: CpuSnapshot | undefined): string {
  if (!cpu) return 'n/a';
  return Object.keys(CPU_NAMES)
    .filter((k) => cpu[k] !== undefined && (cpu[k] >= 0.05 || k === 'web'))
    .map((k) => `${CPU_NAMES[k]} ${cpu[k].toFixed(1)}`)
    .join(' · ');
}
/** What the stack's own CPU per operation allows on this machine's cores, the client left out. */
function cpuBound(cpu: CpuSnapshot | undefined, cores: number): string {
  if (!cpu) return 'n/a';
  const total = Object.entries(cpu)
    .filter(([k]) => k !== 'bench')
    .reduce((a, [, v]) => a + v, 0);
  return total > 0 ? rate((cores * 1000) / total) : 'n/a';
}
const verdict = (ok: boolean) => (ok ? '**met**' : '**not met**');
const n = (v: number) => v.toLocaleString('en-US');

function submissionTable(levels: SubmissionLevel[], cpus: number): string {
  return table(
    [
      'concurrency',
      'accepted',
      'errors',
      'accepted/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'routed',
      'to routed p50 ms',
      'p95 ms',
      'p99 ms',
      'CPU ms/op',
      'CPU-bound /s',
    ],
    levels.map((s) => [
      s.concurrency,
      s.post.count,
      s.post.errors,
      rate(s.post.perSecond),
      ...lat(s.post),
      `${s.routed}/${s.post.count}`,
      ...lat(s.toRouted),
      cpuCell(s.cpu),
      cpuBound(s.cpu, cpus),
    ]),
  );
}

export function renderReport(r: BenchReport, previousNotes: string | undefined): string {
  const g = r.generate;
  const atScale = g.cases >= 1_000_000;
  const scaleNote = atScale
    ? ''
    : ` (this run had ${n(g.cases)} cases, not a million: the figure does not judge the target)`;
  const c16 = r.submission.find((s) => s.concurrency === 16);
  const tracking99 = Math.max(...r.tracking.map((t) => t.result.p99));
  const trackingC1 = Math.max(...r.tracking.filter((t) => t.concurrency === 1).map((t) => t.result.p99));
  const firstPages = r.inbox.filter((v) => v.name === 'first page' && v.result);
  const inbox99 = Math.max(...firstPages.map((v) => v.result!.p99));
  const inboxC1 = Math.max(...firstPages.filter((v) => v.concurrency === 1).map((v) => v.result!.p99));
  const lc = r.lifecycle;

  const out: string[] = [];
  out.push('# Benchmarks', '');
  out.push(
    `Written by \`${r.command}\` (bench/run.ts) on ${r.date}. Mode: **${r.mode}**. Everything ran on this one machine, over loopback: the load generator, the web and worker (each its own Node process), PostgreSQL and the Temporal server (which one: below).`,
    '',
  );
  out.push('## Machine and versions', '');
  out.push(
    table(
      ['what', 'value'],
      [
        ['CPU', `${r.machine.cpus} × ${r.machine.cpuModel}`],
        ['memory', `${r.machine.memoryGiB.toFixed(1)} GiB`],
        ['OS', r.machine.os],
        [
          'load average during the scenarios',
          `${r.load.mean.toFixed(1)} mean, ${r.load.max.toFixed(1)} max (${r.machine.cpus} cores; above that, other work on the machine competed with the bench)`,
        ],
        ...Object.entries(r.versions),
        ['stack', r.stack],
      ],
    ),
    '',
  );
  if (r.tuning.length > 0) out.push(`Settings of this run: ${r.tuning.join('; ')}.`, '');
  out.push(
    '"CPU ms/op" is the CPU time (user + system, from /proc) each component spent per operation during a level: the web, the case worker, PostgreSQL (all its processes), the Temporal server, and the load generator ("client"). It depends far less than the latencies on what else the machine runs, though contention still inflates it (shared caches, stolen cycles). "CPU-bound /s" is what that CPU per operation allows on this machine\'s cores with nothing else running (client excluded): a ceiling, not a measurement.',
    '',
  );

  out.push('## Targets', '');
  out.push(
    table(
      ['target', 'measured', 'verdict'],
      [
        [
          'tracking p99 ≤ 20 ms at a million cases',
          `p99 ${ms(trackingC1)} ms at concurrency 1; ${ms(tracking99)} ms at most over all levels${scaleNote}`,
          `${verdict(trackingC1 <= 20)} at concurrency 1, ${verdict(tracking99 <= 20)} at every level`,
        ],
        [
          'inbox first page p99 ≤ 50 ms at a million cases',
          `p99 ${ms(inboxC1)} ms at concurrency 1; ${ms(inbox99)} ms at most over all levels${scaleNote}`,
          `${verdict(inboxC1 <= 50)} at concurrency 1, ${verdict(inbox99 <= 50)} at every level`,
        ],
        [
          'submission p99 ≤ 150 ms at concurrency 16',
          c16 ? `p99 ${ms(c16.post.p99)} ms` : 'not run',
          c16 ? verdict(c16.post.p99 <= 150) : 'n/a',
        ],
        [
          'lifecycle throughput ≥ 0.5 × bare baseline',
          `${rate(lc.ours.perSecond)} / ${rate(lc.baseline.perSecond)} per second = **${lc.ratio.toFixed(2)}**`,
          verdict(lc.ratio >= 0.5),
        ],
        ...extraTargets(r),
      ],
    ),
    '',
  );

  out.push('## Data', '');
  out.push(
    `${n(g.cases)} cases over the past year (31 provinces by population, every subject, statuses by age), ${n(g.events)} timeline events, ${n(g.messages)} messages, ${n(g.attachments)} attachments, ${n(g.staff)} staff; loaded with COPY${g.fastLoad ? ' (foreign-key triggers off during the load: the rows are consistent by construction)' : ''} into the migrated schema with its indexes.`,
    '',
  );
  out.push(
    table(
      ['step', 'seconds', 'rows/s'],
      [
        ['cases (one COPY)', g.seconds.cases.toFixed(1), rate(g.casesPerSecond)],
        [
          'timelines, messages, attachments (three COPYs at once)',
          g.seconds.related.toFixed(1),
          rate((g.events + g.messages + g.attachments) / g.seconds.related),
        ],
        ['all rows', (g.seconds.cases + g.seconds.related).toFixed(1), rate(g.rowsPerSecond)],
        ['ANALYZE', g.seconds.analyze.toFixed(1), ''],
      ],
    ),
    '',
  );

  out.push('## 1. Submission', '');
  out.push(
    'POST /requests with the real multipart form and one small PNG, CAPTCHA off, each citizen a new session and address (the form page is fetched first and not timed). The simulated registry answers at once. "Routed" is read from each case\'s timeline: the time from its commit to the `routed` event.',
    '',
  );
  out.push(submissionTable(r.submission, r.machine.cpus), '');
  out.push(
    "The same requests through the Open311 API: POST /open311/v2/requests.json, multipart with the same PNG in `media`, an integrator's key (its rate limit above what the run sends); no form page, session or captcha. The same checks, transaction and workflow start as the form (web/routes/desk/submission.ts).",
    '',
  );
  out.push(submissionTable(r.open311, r.machine.cpus), '');

  out.push('## 2. Case lifecycle', '');
  out.push(
    `${lc.cases} cases at concurrency ${lc.concurrency}: start (as the web starts it) → identity → routing → the expert's reply as a workflow update → the citizen's "answered" SMS row. The baseline is bench/baseline/workflows.ts (one activity, one update) on its own worker and task queue, on the same server, started, updated and awaited alike.`,
    '',
  );
  out.push(
    table(
      [
        '',
        'per second',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'history events',
        'workflow tasks',
        'activities',
        'search-attribute upserts',
        'CPU ms/op',
        'CPU-bound /s',
      ],
      [
        [
          'case workflow',
          rate(lc.ours.perSecond),
          ...lat(lc.ours.latency),
          lc.ours.history.events,
          lc.ours.history.workflowTasks,
          lc.ours.history.activities,
          lc.ours.history.searchAttributeUpserts,
          cpuCell(lc.ours.cpu),
          cpuBound(lc.ours.cpu, r.machine.cpus),
        ],
        [
          'baseline',
          rate(lc.baseline.perSecond),
          ...lat(lc.baseline.latency),
          lc.baseline.history.events,
          lc.baseline.history.workflowTasks,
          lc.baseline.history.activities,
          lc.baseline.history.searchAttributeUpserts,
          cpuCell(lc.baseline.cpu),
          cpuBound(lc.baseline.cpu, r.machine.cpus),
        ],
      ],
    ),
    '',
  );
  const h = lc.ours.history;
  const b = lc.baseline.history;
  out.push(
    table(
      ['stage of one case (ours)', 'p50 ms', 'p95 ms', 'p99 ms'],
      [
        ['start → routed (seen in PostgreSQL)', ...lat(lc.ours.stages.toRouted)],
        ['reply update (executeUpdate round trip)', ...lat(lc.ours.stages.update)],
        ['update → "answered" SMS row', ...lat(lc.ours.stages.toNotified)],
      ],
    ),
    '',
  );
  out.push(
    table(
      [
        'summed over one history, ms',
        'workflow tasks queued',
        'workflow tasks running',
        'activities queued',
        'activities running',
        'first to last event',
      ],
      [
        [
          'case workflow',
          ms(h.workflowTaskQueuedMs),
          ms(h.workflowTaskRunMs),
          ms(h.activityQueuedMs),
          ms(h.activityRunMs),
          ms(h.spanMs),
        ],
        [
          'baseline',
          ms(b.workflowTaskQueuedMs),
          ms(b.workflowTaskRunMs),
          ms(b.activityQueuedMs),
          ms(b.activityRunMs),
          ms(b.spanMs),
        ],
      ],
    ),
    '',
  );
  out.push(
    `Ratio ours / baseline: **${lc.ratio.toFixed(2)}**. Activities of one case up to the answer: ${Object.entries(
      lc.ours.history.byActivity,
    )
      .map(([k, v]) => `${k} ×${v}`)
      .join(', ')}.`,
    '',
  );

  out.push('## 3. Tracking', '');
  out.push(
    `POST /track (CAPTCHA off) on ${n(g.cases)} cases; "not found" is half wrong pairs, half unknown codes.`,
    '',
  );
  out.push(
    table(
      [
        'pairs',
        'concurrency',
        'requests',
        'errors',
        'req/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'CPU ms/op',
        'CPU-bound /s',
      ],
      r.tracking.map((t) => [
        t.kind,
        t.concurrency,
        t.result.count,
        t.result.errors,
        rate(t.result.perSecond),
        ...lat(t.result),
        cpuCell(t.cpu),
        cpuBound(t.cpu, r.machine.cpus),
      ]),
    ),
    '',
  );

  out.push('## 4. Staff inbox', '');
  out.push(`GET /staff/inbox logged in as the demo accounts, on ${n(g.cases)} cases.`, '');
  out.push(
    table(
      ['page', 'as', 'query', 'concurrency', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU ms/op'],
      r.inbox.map((v) =>
        v.result
          ? [
              v.name,
              v.who,
              `\`${v.query || '/'}\``,
              v.concurrency,
              v.result.count,
              rate(v.result.perSecond),
              ...lat(v.result),
              cpuCell(v.cpu),
            ]
          : [v.name, v.who, '', v.concurrency, 'n/a', v.note ?? 'not run', '', '', '', ''],
      ),
    ),
    '',
  );

  out.push('## 4b. Staff reports', '');
  out.push(
    `Each report query (db/queries/desk/reports.ts) straight on PostgreSQL, one run after another after a warm-up, on ${n(g.cases)} cases, scoped as the inbox is; then GET /staff/reports/export.xlsx (both queries and the workbook) as the demo admin.`,
    '',
  );
  out.push(
    table(
      ['report', 'as', 'period', 'runs', 'p50 ms', 'max ms'],
      r.reports.map((t) => [t.query, t.who, t.period, t.result.count, ms(t.result.p50), ms(t.result.max)]),
    ),
    '',
  );

  out.push('## 5. Memory', '');
  out.push(
    `Resident set size (VmRSS) of the web and the case worker: idle after start, the peak sampled during the scenarios and a sustained ${r.memory.sustainedSeconds} s mixed run (tracking at concurrency 8 and submissions at concurrency 4 together), and after it.`,
    '',
  );
  out.push(
    table(
      ['process', 'idle MiB', 'peak MiB', 'after MiB'],
      r.memory.rows.map((m) => [
        m.process,
        m.idleMiB.toFixed(0),
        m.peakMiB.toFixed(0),
        m.afterMiB.toFixed(0),
      ]),
    ),
    '',
  );
  const s = r.memory.sustained;
  out.push(
    `During the sustained run: tracking ${rate(s.tracking.perSecond)} req/s (p99 ${ms(s.tracking.p99)} ms), submissions ${rate(s.submission.perSecond)}/s (p99 ${ms(s.submission.p99)} ms).`,
    '',
  );

  if (r.hajj) out.push(...renderHajjSection(r.hajj, r.machine.cpus));

  out.push('## 7. Sustained routing', '');
  out.push(...renderSustained(r.routing.sustained, r.routing.server, r.machine.cpus));
  out.push('## 8. Per-case costs', '');
  out.push(...renderCosts(r.routing));
  if (r.real) out.push(...renderReal(r.real, r.machine.cpus));
  if (r.rt) out.push(...renderRt(r));

  out.push('## Notes', '');
  out.push(NOTES_START, previousNotes?.trim() ?? '_No notes yet._', NOTES_END, '');
  return out.join('\n');
}

/** Issue 21's targets: sustained routing on each server, the lifecycle on the real one, and RT's ratios. */
function extraTargets(r: BenchReport): string[][] {
  const rows: string[][] = [];
  for (const run of [r.routing, r.real]) {
    const su = run?.sustained;
    if (!run || !su) continue;
    rows.push([
      `sustained routing (${run.server}): the rate routed with commit → routed p99 ≤ 2 s for a whole step ≥ 0.8 × bare baseline`,
      `${su.found === undefined ? 'no rate passed' : `${rate(su.found)}/s`} / ${rate(su.baselinePerSecond)} per second = **${su.ratio.toFixed(2)}** (steps of ${su.steps[0]?.plannedSeconds ?? 0} s${(su.steps[0]?.plannedSeconds ?? 0) < 300 ? ', shorter than the 5 minutes the target asks: does not judge it' : ''})`,
      verdict(su.ratio >= 0.8),
    ]);
  }
  const rl = r.real?.lifecycle;
  if (rl)
    rows.push([
      'lifecycle throughput ≥ 0.5 × bare baseline (real server)',
      `${rate(rl.ours.perSecond)} / ${rate(rl.baseline.perSecond)} per second = **${rl.ratio.toFixed(2)}**`,
      verdict(rl.ratio >= 0.5),
    ]);
  const ratios = r.rt && rtRatios(r);
  if (ratios) {
    rows.push([
      'submissions ≥ 20 × RT creates at 16 clients',
      `${rate(ratios.ours16.post.perSecond)} / ${rate(ratios.rt16.perSecond)} per second = **${ratios.throughput.toFixed(1)}×**`,
      verdict(ratios.throughput >= 20),
    ]);
    rows.push([
      "submission p99 ≤ 1/10 of RT's create p99 at 16 clients",
      `${ms(ratios.ours16.post.p99)} / ${ms(ratios.rt16.p99)} ms = **${ratios.p99.toFixed(3)}**`,
      verdict(ratios.p99 <= 0.1),
    ]);
    rows.push([
      "memory (web + worker RSS) ≤ ¼ of RT's PSS",
      `peak ${ratios.oursMiB.toFixed(0)} / ${ratios.rtMiB.toFixed(0)} MiB = **${ratios.memory.toFixed(2)}**`,
      verdict(ratios.memory <= 0.25),
    ]);
  }
  return rows;
}

function rtRatios(r: BenchReport) {
  const rt16 = r.rt?.scenarios.find((x) => x.kind === 'create' && x.concurrency === 16);
  const ours16 = r.submission.find((x) => x.concurrency === 16);
  if (!r.rt || !rt16 || !ours16) return undefined;
  const peakOf = (name: string) => r.memory.rows.find((m) => m.process.startsWith(name))?.peakMiB ?? NaN;
  const oursMiB = peakOf('web') + peakOf('worker');
  const rtMiB = r.rt.memory.peak.pssMiB;
  return {
    rt16,
    ours16,
    throughput: ours16.post.perSecond / rt16.perSecond,
    p99: ours16.post.p99 / rt16.p99,
    oursMiB,
    rtMiB,
    memory: oursMiB / rtMiB,
  };
}

const DB_NAMES: Record<string, string> = {
  'web queries': 'web queries',
  'worker queries': 'worker queries',
  'desk transactions': 'desk db transactions',
  'temporal transactions': 'temporal db transactions',
  'temporal_visibility transactions': 'visibility db transactions',
};
function dbCell(d: DbSnapshot | undefined): string {
  if (!d) return 'n/a';
  return Object.keys(DB_NAMES)
    .filter((k) => d[k] !== undefined)
    .map((k) => `${DB_NAMES[k]} ${d[k].toFixed(1)}`)
    .join(' · ');
}

/** The rate steps of the sustained routing scenario on one server, and what they found. */
export function renderSustained(su: SustainedResult | undefined, server: string, cores: number): string[] {
  const out: string[] = [];
  if (!su) return ['Not run.', ''];
  const first = su.steps[0];
  out.push(
    `On the ${server}. Citizens submit the form (as in section 1: its page, then the timed POST) on a fixed arrival schedule at each step's rate, whatever the answers (an open loop), for ${first?.plannedSeconds ?? 0} s per step; each accepted case's commit → routed time is read from its timeline as in section 1. A step passes when every arrival was accepted and the p99 over all its cases, one not routed by the end of its drain (up to the drain's bound) counting as endless, is ≤ ${ROUTED_P99_TARGET_MS} ms; it is stopped early once more than 1% of its planned cases are over that (its p99 could only fail). The first step is the target rate, 0.8 × the bare baseline's ${rate(su.baselinePerSecond)} workflows/s measured in this run on the same server (the lifecycle's baseline${server.startsWith('real') ? ' in section 9' : ', section 2'}); then up by half after a pass, down by half after a failure, then halfway between the highest pass and the lowest failure. Backlog: accepted and not yet routed, sampled each second. "CPU ms/op" and "DB per case" are per accepted case over the step and its drain; DB counts are the queries our processes sent through knex (BEGIN/COMMIT included; the web's session store is not in it) and PostgreSQL's transactions per database (pg_stat_database, the bench's own polling taken out).`,
    '',
  );
  out.push(
    table(
      [
        'rate /s',
        'submitted s',
        'accepted',
        'errors',
        'late',
        'POST p99 ms',
        'routed',
        'to routed p50 ms',
        'p95 ms',
        'p99 ms (all)',
        'backlog max',
        'at end',
        'after drain',
        'verdict',
        'CPU ms/op',
        'CPU-bound /s',
        'DB per case',
      ],
      su.steps.map((st) => [
        rate(st.rate),
        `${st.submittedSeconds.toFixed(0)}${st.stoppedEarly ? ` of ${st.plannedSeconds} (stopped)` : ''}`,
        `${st.accepted}/${st.offered}`,
        st.errors,
        st.late,
        ms(st.post.p99),
        `${st.routed}/${st.accepted}`,
        ms(st.toRouted.p50),
        ms(st.toRouted.p95),
        Number.isFinite(st.p99Ms) ? ms(st.p99Ms) : 'not all routed',
        st.backlogMax,
        st.backlogAtEnd,
        `${st.backlogAfterDrain} (${st.drainSeconds.toFixed(0)} s)`,
        st.pass ? 'pass' : 'fail',
        cpuCell(st.cpu),
        cpuBound(st.cpu, cores),
        dbCell(st.db),
      ]),
    ),
    '',
  );
  out.push(
    `Found: **${su.found === undefined ? 'no rate passed' : `${rate(su.found)} cases/s`}**; ratio to the baseline **${su.ratio.toFixed(2)}** (target ≥ 0.8, i.e. ${rate(su.targetRate)}/s).`,
    '',
  );
  out.push('Backlog over time (seconds since the step began: accepted − routed):', '');
  for (const st of su.steps) {
    const every = Math.max(1, Math.ceil(st.backlog.length / 12));
    const points = st.backlog.filter((_, i) => i % every === 0 || i === st.backlog.length - 1);
    out.push(
      `- ${rate(st.rate)}/s: ${points.map((b) => `${b.t.toFixed(0)} s: ${b.accepted - b.routed}`).join(', ')}`,
    );
  }
  out.push('');
  return out;
}

/** What one case costs, counted from workflow histories, and the database work per routed case. */
export function renderCosts(run: ServerRun): string[] {
  const out: string[] = [];
  out.push(
    `On the ${run.server}. Counted from each sampled case's history (getWorkflowExecutionHistory): events, workflow tasks completed, remote activity tasks scheduled, local activities (\`core_local_activity\` markers), search-attribute upserts, and the commands by type (each known by the event it wrote; an update's acceptance and completion are protocol messages of a workflow task, counted beside them). Means per case.`,
    '',
  );
  if (run.costs.length === 0) return [...out, 'Not run.', ''];
  out.push(
    table(
      [
        'cases counted at',
        'cases',
        'events (min–max)',
        'workflow tasks',
        'activity tasks',
        'local activities',
        'search-attribute upserts',
        'commands',
        'markers',
      ],
      run.costs.map((c) => [
        c.point,
        c.cases,
        `${c.mean.events.toFixed(1)} (${c.eventsRange[0]}–${c.eventsRange[1]})`,
        c.mean.workflowTasks.toFixed(1),
        c.mean.activityTasks.toFixed(1),
        c.mean.localActivities.toFixed(1),
        c.mean.searchAttributeUpserts.toFixed(1),
        Object.entries(c.mean.commands)
          .map(([k, v]) => `${k} ${v.toFixed(1)}`)
          .join(' · '),
        Object.entries(c.mean.markers)
          .map(([k, v]) => `${k} ${v.toFixed(1)}`)
          .join(' · '),
      ]),
    ),
    '',
  );
  const steps = run.sustained?.steps ?? [];
  const step = [...steps].reverse().find((s) => s.pass) ?? steps[steps.length - 1];
  if (step)
    out.push(
      `Database work per case from its submission to routed (the ${rate(step.rate)}/s step of section ${run.server.startsWith('real') ? '9' : '7'}, over ${step.accepted} cases): ${dbCell(step.db)}.`,
      '',
    );
  return out;
}

/** The lifecycle and sustained routing again, on the real Temporal server. */
function renderReal(real: ServerRun & { version: string }, cores: number): string[] {
  const out: string[] = ['## 9. The real Temporal server', ''];
  out.push(
    `${real.version}, started by the bench as \`npm run start:cluster\` starts it (stack/temporalServer.ts), with a web and workers of their own on new task queues and the same desk database, once the dev server's web and workers had stopped (the dev server itself stays up, idle). PostgreSQL's CPU includes the server's persistence here, and its transactions per case are given for the server's two databases as well.`,
    '',
  );
  const lc = real.lifecycle;
  if (lc) {
    out.push(
      table(
        [
          'lifecycle (real server)',
          'per second',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'history events',
          'CPU ms/op',
          'CPU-bound /s',
        ],
        [
          [
            'case workflow',
            rate(lc.ours.perSecond),
            ...lat(lc.ours.latency),
            lc.ours.history.events,
            cpuCell(lc.ours.cpu),
            cpuBound(lc.ours.cpu, cores),
          ],
          [
            'baseline',
            rate(lc.baseline.perSecond),
            ...lat(lc.baseline.latency),
            lc.baseline.history.events,
            cpuCell(lc.baseline.cpu),
            cpuBound(lc.baseline.cpu, cores),
          ],
        ],
      ),
      '',
      `Ratio ours / baseline on the real server: **${lc.ratio.toFixed(2)}** (${lc.cases} cases at concurrency ${lc.concurrency}).`,
      '',
    );
  }
  out.push('### Sustained routing (real server)', '', ...renderSustained(real.sustained, real.server, cores));
  out.push('### Per-case costs (real server)', '', ...renderCosts(real));
  return out;
}

/** Request Tracker's figures beside ours, with the ratios the issue asks for. */
function renderRt(r: BenchReport): string[] {
  const rt = r.rt!;
  const out: string[] = ['## 10. Request Tracker, side by side', ''];
  out.push(
    `Request Tracker ${rt.version} from Debian 12's packages on PostgreSQL 15 (Debian's cluster \`15/main\`), served by its \`rt-server\` (Plack + Starlet, 10 prefork workers) on 127.0.0.1:${rt.port}, driven over REST 2 with a cookie session per client by bench/peers/rt/bench.mjs (bench/peers/rt/NOTES.md: the recipe and its pitfalls). It ran after our stack had stopped, on the same machine, ${rt.secondsPerScenario} s per scenario, at our levels: creates at the submission levels, fetch by id and search by tracking code (custom field) at the tracking levels, search by requestor at the inbox levels. A ticket create also renders RT's autoreply mail (to an mbox file). Setup took ${rt.setupSeconds.toFixed(0)} s; CPU in the run: RT ${rt.cpuSeconds.rt.toFixed(0)} s, PostgreSQL ${rt.cpuSeconds.postgres.toFixed(0)} s.`,
    '',
  );
  const ours = (kind: string, c: number) => {
    if (kind === 'create') return r.submission.find((s) => s.concurrency === c)?.post;
    if (kind === 'fetch' || kind === 'cfsearch')
      return r.tracking.find((t) => t.kind === 'found' && t.concurrency === c)?.result;
    return r.inbox.find((v) => v.name === 'search: national code' && v.concurrency === c)?.result;
  };
  const OURS: Record<string, string> = {
    create: 'submission (POST /requests)',
    fetch: 'tracking (POST /track, found)',
    cfsearch: 'tracking (POST /track, found)',
    search: 'inbox search by national code',
  };
  out.push(
    table(
      [
        'RT scenario',
        'clients',
        'ok',
        'errors',
        'RT /s',
        'RT p50 ms',
        'RT p99 ms',
        'ours',
        'ours /s',
        'ours p99 ms',
        'ours / RT per second',
        'ours / RT p99',
      ],
      rt.scenarios.map((x) => {
        const o = ours(x.kind, x.concurrency);
        return [
          x.name,
          x.concurrency,
          x.ok,
          x.errors,
          rate(x.perSecond),
          ms(x.p50),
          ms(x.p99),
          OURS[x.kind],
          o ? rate(o.perSecond) : 'n/a',
          o ? ms(o.p99) : 'n/a',
          o ? (o.perSecond / x.perSecond).toFixed(1) : 'n/a',
          o ? (o.p99 / x.p99).toFixed(3) : 'n/a',
        ];
      }),
    ),
    '',
  );
  const m = rt.memory;
  out.push(
    table(
      ['memory', 'processes', 'RSS sum MiB', 'PSS sum MiB'],
      [
        ['RT idle (after start)', m.idle.processes, m.idle.rssMiB.toFixed(0), m.idle.pssMiB.toFixed(0)],
        [
          'RT peak (sampled each second)',
          m.peak.processes,
          m.peak.rssMiB.toFixed(0),
          m.peak.pssMiB.toFixed(0),
        ],
        ['RT after the run', m.after.processes, m.after.rssMiB.toFixed(0), m.after.pssMiB.toFixed(0)],
      ],
    ),
    '',
  );
  const ratios = rtRatios(r);
  if (ratios)
    out.push(
      `Ratios at 16 clients: our submissions/s ÷ RT's creates/s = **${ratios.throughput.toFixed(1)}** (goal ≥ 20); our p99 ÷ RT's = **${ratios.p99.toFixed(3)}** (goal ≤ 0.1); our web + worker peak RSS (${ratios.oursMiB.toFixed(0)} MiB, section 5) ÷ RT's peak PSS = **${ratios.memory.toFixed(2)}** (goal ≤ 0.25). RT's PSS counts the pages its prefork workers share once; RSS would count them in every worker.`,
      '',
    );
  return out;
}

/** The Hajj journey's figures (issue 9), as lines of markdown; no targets, so no verdicts. */
export function renderHajjSection(h: HajjResult, cores: number): string[] {
  const out: string[] = [];
  const rd = h.round;
  const s1 = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(1));
  const waitRow = (step: string, count: number, seconds: number | undefined) => [
    step,
    `${n(count)} of ${n(rd.called)}`,
    seconds === undefined ? `not all after ${rd.waitedSeconds.toFixed(0)}` : s1(seconds),
    seconds === undefined ? '' : rate(count / seconds),
  ];
  out.push('## 6. Hajj journey', '');
  // The issue's sizes are a million deposits and a round of 100,000; a smaller run says so.
  const sizes = [
    h.deposits < 1_000_000 ? `${n(h.deposits)} deposits (\`--deposits\`), not the issue's 1,000,000` : '',
    rd.size < 100_000 ? `a round of ${n(rd.size)} (\`--round\`), not the issue's 100,000` : '',
  ].filter(Boolean);
  if (sizes.length > 0)
    out.push(`**This run had ${sizes.join(' and ')}**: its figures do not judge those targets.`, '');
  out.push(
    `${n(h.deposits)} deposits imported into the bench's database (beside the cases) as headquarters' page does it: the file streamed into a staging table by COPY, then \`depositImportWorkflow\` on the case worker in chunks of ${n(h.import.chunkRows)} rows (each an activity: every row checked, its national code confirmed by the simulated registry, the rows stored with ON CONFLICT DO NOTHING and the progress committed in one transaction); then VACUUM ANALYZE, as autovacuum would after the load. The look-up and journey pages are fetched over HTTP from the web process as citizens do (CAPTCHA off, each a new session and address; the form page first, not timed). The round is opened as the staff page opens it: \`openRound\`, then \`roundWorkflow\` (batches of ${rd.batchSize}, ${rd.intervalMs} ms between them) on the case worker, which starts the journeys through its Temporal client. The round's times are from the click: before \`openRound\`.`,
    '',
  );
  out.push(
    table(
      ['step', 'rows', 'seconds', 'per second'],
      [
        [
          `import of the deposit file (staged by COPY in ${h.import.stagingSeconds.toFixed(1)} s, then \`depositImportWorkflow\`: ${n(h.import.chunks)} chunks in ${h.import.workflowSeconds.toFixed(1)} s)`,
          n(h.import.rows) + (h.import.rejected ? ` (${n(h.import.rejected)} rejected)` : ''),
          h.import.seconds.toFixed(1),
          rate(h.import.perSecond),
        ],
        [
          `the first ${n(h.reimport.rows)} rows again (${n(h.reimport.inserted)} inserted, ${n(h.reimport.duplicates)} duplicates)`,
          n(h.reimport.rows),
          h.reimport.seconds.toFixed(1),
          rate(h.reimport.perSecond),
        ],
        ['VACUUM ANALYZE hajj_deposits', '', h.vacuumSeconds.toFixed(1), ''],
        ...(h.visaBatch
          ? [
              [
                `a caravan's visa batch (\`visaBatchWorkflow\`, pace ${n(h.visaBatch.perSecond)}/s; visa and ticket each: ${n(h.visaBatch.sent)} sent, ${n(h.visaBatch.refused)} refused, ${n(h.visaBatch.atDispatch)} at dispatch)`,
                n(h.visaBatch.pilgrims),
                h.visaBatch.seconds.toFixed(1),
                rate(h.visaBatch.achievedPerSecond),
              ],
            ]
          : []),
        [`round of ${n(rd.size)}: called (\`openRound\`)`, n(rd.called), rd.callSeconds.toFixed(1), ''],
        // Its rate is given when the bound was reached too: journeys started so far per second.
        [
          ...waitRow('round: journeys started', rd.started, rd.startedSeconds).slice(0, 3),
          rate(rd.startedPerSecond),
        ],
        waitRow('round: all rows at stage `booking`', rd.waiting, rd.waitingSeconds),
        rd.running === undefined
          ? ['round: all journeys waiting for a booking (Temporal visibility)', 'n/a', 'not counted', '']
          : waitRow(
              'round: all journeys waiting for a booking (their `JourneyStage`)',
              rd.running,
              rd.runningSeconds,
            ),
      ],
    ),
    '',
  );
  out.push(
    "A row at stage `booking` is what the pilgrim's page shows; a journey has set its `JourneyStage` search attribute to `booking` once its own first workflow task ran (counted in Temporal's visibility, on the bench's own task queue), so it can take a booking without waiting for the worker. \"Started\" is the round's own mark, made once a batch's starts returned.",
    '',
  );
  if (!rd.complete)
    out.push(
      `The wait for the round was bounded at ${n(rd.maxWaitSeconds)} s (\`--round-wait\`) and the bound was reached: ${n(rd.started)} journeys started, ${n(rd.waiting)} rows at stage \`booking\` and ${rd.running === undefined ? 'an uncounted number of' : n(rd.running)} journeys waiting for a booking by then; the round was terminated so it would not load what came next.`,
      '',
    );
  out.push(
    `CPU ms per started journey during the round: ${cpuCell(rd.cpu)}; what that allows on ${cores} cores: ${cpuBound(rd.cpu, cores)} journeys/s.`,
    '',
  );
  const rs = h.rush;
  out.push(
    `Booking rush: ${n(rs.bookings)} bookings at once on ${rs.caravans} caravans of ${rs.capacity} seats, through the seat query itself (\`holdSeat\`, as the journey's booking activity calls it, not the workflow update) over a pool of ${rs.pool} connections, pilgrims from the queue's tail. Overbooked seats are counted in SQL afterwards: held bookings above a caravan's capacity.`,
    '',
  );
  out.push(
    table(
      [
        'bookings',
        'seats',
        'taken',
        'overbooked',
        'seat counts off',
        'bookings/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
      ],
      [
        [
          rs.result.count,
          rs.caravans * rs.capacity,
          rs.taken,
          rs.overbooked,
          rs.seatCountMismatches,
          rate(rs.result.perSecond),
          ...lat(rs.result),
        ],
      ],
    ),
    '',
  );
  const lk = h.lookup;
  const jp = h.journeyPage;
  const pageRow = (
    name: string,
    queued: number,
    concurrency: number,
    s: Summary,
    cpu: CpuSnapshot | undefined,
    perSecond = s.perSecond,
  ) => [name, n(queued), s.count, concurrency, s.errors, rate(perSecond), ...lat(s), cpuCell(cpu)];
  out.push(
    `Pages: "look-up" is the POST of national code and deposit number up to its redirect; "queue page" the page it redirects to for a pilgrim still queued (their place, counted among the queued); "journey page" the same page for a pilgrim of the round. The look-up and queue page rows are the same citizens (per second: whole look-ups), and their CPU is per look-up, form page included. The journey pages were measured after the round${jp ? `, once the worker and Temporal had gone quiet (${jp.settleSeconds.toFixed(0)} s)` : ''}.`,
    '',
  );
  out.push(
    table(
      [
        'page',
        'queued',
        'requests',
        'concurrency',
        'errors',
        'per second',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'CPU ms/op',
      ],
      [
        pageRow('look-up (POST /hajj)', lk.queued, lk.concurrency, lk.post, lk.cpu),
        pageRow(
          'queue page (GET /hajj/journey)',
          lk.queued,
          lk.concurrency,
          lk.page,
          undefined,
          lk.post.perSecond,
        ),
        ...(jp
          ? [
              pageRow(
                `journey page (GET /hajj/journey), ${n(jp.journeys)} pilgrims of the round`,
                jp.queued,
                jp.concurrency,
                jp.page,
                jp.cpu,
              ),
              pageRow(
                'journey page query alone (`journeyForPage`)',
                jp.queued,
                jp.concurrency,
                jp.query,
                undefined,
              ),
            ]
          : [['journey page', '', 'n/a', '', '', 'no journey was written', '', '', '', '']]),
      ],
    ),
    '',
  );
  return out;
}

/** The hand-written notes of the file as it is, so a new run keeps them. */
export function previousNotes(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(NOTES_START);
  const end = text.indexOf(NOTES_END);
  if (start < 0) return undefined;
  // A hand edit that lost the closing mark keeps the notes to the end of the file.
  return text.slice(start + NOTES_START.length, end > start ? end : undefined);
}
