import type { Db } from '../..';

export async function readSettings(db: Db): Promise<Record<string, string>> {
  const rows = await db('settings').select('key', 'value');
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/** A switch admins turn on and off, stored as 'true' / 'false'; anything else reads as `fallback`. */
export async function readSwitch(db: Db, key: string, fallback: boolean): Promise<boolean> {
  const row = await db('settings').where({ key }).first('value');
  return row?.value === 'true' || row?.value === 'false' ? row.value === 'true' : fallback;
}

export async function writeSwitch(db: Db, key: string, on: boolean): Promise<void> {
  await db('settings')
    .insert({ key, value: String(on) })
    .onConflict('key')
    .merge();
}

/** Periods of the case lifecycle that admins may change, in business days. */
export interface CaseTimings {
  /** After a missed deadline, how long each escalation level has before the next. */
  escalationBusinessDays: number;
  /** How long after the answer the case stays open for the citizen's rating and objection. */
  feedbackBusinessDays: number;
  /** How long the citizen has to send what an expert asked for. */
  infoBusinessDays: number;
}

export async function caseTimings(db: Db): Promise<CaseTimings> {
  const settings = await readSettings(db);
  const days = (key: string, fallback: number) => {
    const n = Number(settings[key]);
    return Number.isInteger(n) && n >= 0 ? n : fallback;
  };
  return {
    escalationBusinessDays: days('escalationBusinessDays', 2),
    feedbackBusinessDays: days('feedbackBusinessDays', 5),
    infoBusinessDays: days('infoBusinessDays', 5),
  };
}
