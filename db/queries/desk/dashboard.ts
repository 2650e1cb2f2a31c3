import type { Db } from '../..';
import type { StaffScope } from '../../../domain/desk/access';
import { inScope, OPEN_STATUS_LIST } from './staffCases';

export interface Breakdown {
  key: string;
  open: number;
  overdue: number;
  answered: number;
}

export interface Dashboard {
  byProvince: Breakdown[];
  bySubject: Breakdown[];
  /** Hours from submission to the first answer, over the cases first answered in the window. */
  firstAnswerHours: { median: number | null; p90: number | null; count: number };
  /** Per week (its first day), cases received and answered for the first time. */
  weeks: { weekStart: Date; received: number; answered: number }[];
}

const DASHBOARD_WEEKS = 8;

/** The figures of the staff dashboard over the cases in the staff member's scope. */
export async function dashboard(db: Db, staff: StaffScope, now = new Date()): Promise<Dashboard> {
  const since = new Date(now.getTime() - DASHBOARD_WEEKS * 7 * 86_400_000);
  const open = db.raw(`count(*) filter (where c.status in (${OPEN_STATUS_LIST.map(() => '?').join(',')}))`, [
    ...OPEN_STATUS_LIST,
  ]);
  const counts = (column: string) =>
    inScope(
      db('cases as c')
        .select(`c.${column} as key`)
        .select({ open })
        .select(
          db.raw(`count(*) filter (where c.status = 'routed' and c.due_at < ?) as overdue`, [now]),
          // Answered once is answered: an objection that reopened the case clears answered_at, not this.
          db.raw('count(c.first_answered_at) as answered'),
        )
        .groupBy(`c.${column}`)
        .orderBy(`c.${column}`),
      staff,
    );
  const [byProvince, bySubject, timing, weeks] = await Promise.all([
    counts('province'),
    counts('subject'),
    inScope(
      db('cases as c')
        .whereNotNull('c.first_answered_at')
        .where('c.first_answered_at', '>=', since)
        .first(
          db.raw(
            `percentile_cont(0.5) within group (order by extract(epoch from c.first_answered_at - c.created_at)) / 3600 as median`,
          ),
          db.raw(
            `percentile_cont(0.9) within group (order by extract(epoch from c.first_answered_at - c.created_at)) / 3600 as p90`,
          ),
          db.raw('count(*) as count'),
        ),
      staff,
    ),
    db
      .with('scoped', (w) =>
        inScope(
          w.from('cases as c').select('c.created_at', 'c.first_answered_at as answered_at'),
          staff,
        ).where((x) => x.where('c.created_at', '>=', since).orWhere('c.first_answered_at', '>=', since)),
      )
      .select(
        db.raw(`weeks.start as "weekStart"`),
        db.raw(
          `(select count(*) from scoped where created_at >= weeks.start and created_at < weeks.start + interval '7 days') as received`,
        ),
        db.raw(
          `(select count(*) from scoped where answered_at >= weeks.start and answered_at < weeks.start + interval '7 days') as answered`,
        ),
      )
      .from(
        db.raw(
          `generate_series(?::timestamptz, ?::timestamptz - interval '1 day', interval '7 days') as weeks(start)`,
          [since, now],
        ),
      )
      .orderBy('weeks.start'),
  ]);
  const num = (v: unknown) => Number(v ?? 0);
  const breakdown = (rows: Record<string, unknown>[]): Breakdown[] =>
    rows.map((r) => ({
      key: String(r.key),
      open: num(r.open),
      overdue: num(r.overdue),
      answered: num(r.answered),
    }));
  return {
    byProvince: breakdown(byProvince),
    bySubject: breakdown(bySubject),
    firstAnswerHours: {
      median: timing?.median === null || timing?.median === undefined ? null : Number(timing.median),
      p90: timing?.p90 === null || timing?.p90 === undefined ? null : Number(timing.p90),
      count: num(timing?.count),
    },
    weeks: weeks.map((w: Record<string, unknown>) => ({
      weekStart: new Date(w.weekStart as string),
      received: num(w.received),
      answered: num(w.answered),
    })),
  };
}
