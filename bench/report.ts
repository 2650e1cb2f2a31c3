import fs from 'node:fs';
import type { GenerateResult } from './generate';
import type { HajjResult } from './scenarios/hajj';
import type { InboxVariant } from './scenarios/inbox';
import type { LifecycleResult } from './scenarios/lifecycle';
import type { SubmissionLevel } from './scenarios/submission';
import type { TrackingLevel } from './scenarios/tracking';
import type { CpuSnapshot } from './cpu';
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
  /** The Hajj journey (issue 9); absent when the scenario did not run. */
  hajj?: HajjResult;
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
    `Written by \`${r.command}\` (bench/run.ts) on ${r.date}. Mode: **${r.mode}**. Everything ran on this one machine, over loopback: the load generator, the web and worker (each its own Node process), PostgreSQL and the Temporal dev server.`,
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
    '"CPU ms/op" is the CPU time (user + system, from /proc) each component spent per operation during a level: the web, the case worker, PostgreSQL (all its processes), the Temporal dev server, and the load generator ("client"). It depends far less than the latencies on what else the machine runs, though contention still inflates it (shared caches, stolen cycles). "CPU-bound /s" is what that CPU per operation allows on this machine\'s cores with nothing else running (client excluded): a ceiling, not a measurement.',
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

  out.push('## Notes', '');
  out.push(NOTES_START, previousNotes?.trim() ?? '_No notes yet._', NOTES_END, '');
  return out.join('\n');
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
  out.push(
    `${n(h.deposits)} deposits imported into the bench's database (beside the cases) as the admin's import does it: every row checked, its national code confirmed by the simulated registry, batches of 10,000 with ON CONFLICT DO NOTHING; then VACUUM ANALYZE, as autovacuum would after the load. The look-up and journey pages are fetched over HTTP from the web process as citizens do (CAPTCHA off, each a new session and address; the form page first, not timed). The round is opened as the staff page opens it: \`openRound\`, then \`roundWorkflow\` (batches of ${rd.batchSize}, ${rd.intervalMs} ms between them) on the case worker, which starts the journeys through its Temporal client. The round's times are from the click: before \`openRound\`.`,
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
