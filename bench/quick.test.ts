import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/paths';

/**
 * Keeps the harness working: `npm run bench -- --quick` end to end on the run's PostgreSQL and
 * Temporal servers (the bench makes and drops a database of its own), into a scratch report that
 * must hold every scenario with figures. It measures nothing that a test asserts on.
 */
const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'miz-bench-test-')), 'report.md');

afterAll(() => fs.rmSync(path.dirname(out), { recursive: true, force: true }));

function runQuickBench(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench', 'run.ts'), '--quick', '--out', out],
      {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          DATABASE_URL: process.env.TEST_DATABASE_URL,
          TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** The rows of the markdown table that follows `heading`, as cells. */
function tableAfter(report: string, heading: string): string[][] {
  const lines = report.slice(report.indexOf(heading)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start + 2, end).map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );
}

const NUMBER = /^\d+(\.\d+)?$/;

describe('npm run bench -- --quick', () => {
  it('runs every scenario against the real stack and reports figures for each', async () => {
    const { code, output } = await runQuickBench();
    if (code !== 0) throw new Error(`bench exited with ${code}:\n${output.slice(-4000)}`);
    const report = fs.readFileSync(out, 'utf8');

    for (const heading of [
      '## Targets',
      '## Data',
      '## 1. Submission',
      '## 2. Case lifecycle',
      '## 3. Tracking',
      '## 4. Staff inbox',
      '## 4b. Staff reports',
      '## 5. Memory',
      '## 6. Hajj journey',
      '## 7. Sustained routing',
      '## 8. Per-case costs',
    ])
      expect(report).toContain(heading);

    const submission = tableAfter(report, '## 1. Submission');
    expect(submission.map((r) => r[0])).toEqual(['1', '16', '64']);
    for (const row of submission) {
      expect(Number(row[1])).toBeGreaterThan(0); // accepted
      for (const cell of row.slice(3, 7)) expect(cell).toMatch(NUMBER); // req/s, p50, p95, p99
    }

    // The API's create, beside the form's in the same section.
    const open311 = tableAfter(report, 'POST /open311/v2/requests.json');
    expect(open311.map((r) => r[0])).toEqual(['1', '16', '64']);
    for (const row of open311) {
      expect(Number(row[1])).toBeGreaterThan(0);
      for (const cell of row.slice(3, 7)) expect(cell).toMatch(NUMBER);
    }
    expect(report.indexOf('POST /open311/v2/requests.json')).toBeLessThan(
      report.indexOf('## 2. Case lifecycle'),
    );

    const lifecycle = tableAfter(report, '## 2. Case lifecycle');
    expect(lifecycle[0][0]).toBe('case workflow');
    expect(lifecycle[1][0]).toBe('baseline');
    for (const row of lifecycle.slice(0, 2)) for (const cell of row.slice(1, 5)) expect(cell).toMatch(NUMBER);
    expect(report).toMatch(/Ratio ours \/ baseline: \*\*\d+\.\d+\*\*/);

    const tracking = tableAfter(report, '## 3. Tracking');
    expect(new Set(tracking.map((r) => r[0]))).toEqual(new Set(['found', 'not found']));
    for (const row of tracking) for (const cell of row.slice(4, 8)) expect(cell).toMatch(NUMBER);

    const inbox = tableAfter(report, '## 4. Staff inbox');
    const firstPages = inbox.filter((r) => r[0] === 'first page');
    expect(firstPages.length).toBeGreaterThan(0);
    for (const row of firstPages) for (const cell of row.slice(5, 9)) expect(cell).toMatch(NUMBER);
    expect(inbox.some((r) => r[0] === 'search: national code' && NUMBER.test(r[8]))).toBe(true);

    const reports = tableAfter(report, '## 4b. Staff reports');
    expect(reports.length).toBe(3 * 2 * 2 + 1);
    for (const row of reports) for (const cell of row.slice(4, 6)) expect(cell).toMatch(NUMBER);

    const memory = tableAfter(report, '## 5. Memory');
    expect(memory.map((r) => r[0])).toEqual(['web', 'worker (cases)']);
    for (const row of memory) for (const cell of row.slice(1)) expect(Number(cell)).toBeGreaterThan(0);

    expect(report).toMatch(/all rows \| [\d.]+ \| \d+/);

    // Sustained routing: rate steps with figures, the first at the target rate, and a verdict each.
    const steps = tableAfter(report, '## 7. Sustained routing');
    expect(steps.length).toBeGreaterThan(0);
    for (const row of steps) {
      expect(row[0]).toMatch(NUMBER); // rate
      const [accepted, offered] = row[2].split('/').map(Number);
      expect(accepted).toBeGreaterThan(0);
      expect(accepted).toBeLessThanOrEqual(offered);
      for (const cell of [row[7], row[8]]) expect(cell).toMatch(NUMBER); // to routed p50, p95
      expect(['pass', 'fail']).toContain(row[13]);
      expect(row[16]).toMatch(/worker queries \d/);
    }
    expect(report).toMatch(/Found: \*\*.+\*\*; ratio to the baseline \*\*\d+\.\d+\*\*/);
    expect(report).toMatch(/sustained routing \(dev server\).*\| \*\*(met|not met)\*\* \|/);
    expect(report).toMatch(/- [\d.]+\/s: 0 s: \d+/); // the backlog over time

    // Per-case counts from the histories: a routed case has run workflow tasks and recorded events.
    const costs = tableAfter(report, '## 8. Per-case costs');
    expect(costs.map((r) => r[0])).toEqual([
      'routed, waiting for the expert',
      'answered (the lifecycle scenario)',
    ]);
    for (const row of costs) {
      expect(Number(row[1])).toBeGreaterThan(0);
      expect(Number(row[2].split(' ')[0])).toBeGreaterThan(0); // events
      expect(Number(row[3])).toBeGreaterThan(0); // workflow tasks
      expect(row[7]).toMatch(/ScheduleActivityTask \d/);
    }
    expect(report).toMatch(/Database work per case from its submission to routed .*worker queries \d/);

    const hajjSteps = tableAfter(report, '## 6. Hajj journey');
    expect(hajjSteps[0][0]).toMatch(
      /^import of the deposit file \(staged by COPY in [0-9.]+ s, then `depositImportWorkflow`: \d+ chunks in [0-9.]+ s\)$/,
    );
    expect(hajjSteps[0][1]).toBe('2,000');
    for (const cell of hajjSteps[0].slice(2)) expect(cell).toMatch(NUMBER);
    // Every journey of the quick round waits for a booking within the bound.
    for (const step of ['round: journeys started', 'round: all rows', 'round: all journeys'])
      expect(hajjSteps.find((r) => r[0].startsWith(step))?.[1]).toBe('50 of 50');
    const rush = tableAfter(report, 'Booking rush:');
    expect(rush[0][3]).toBe('0'); // overbooked
    expect(Number(rush[0][2])).toBe(Number(rush[0][1])); // every seat taken
    const pages = tableAfter(report, 'Pages:');
    expect(pages.map((r) => r[0].split(' (')[0])).toEqual([
      'look-up',
      'queue page',
      'journey page',
      'journey page query alone',
    ]);
    for (const row of pages) for (const cell of row.slice(6, 9)) expect(cell).toMatch(NUMBER);
  }, 300_000);
});
