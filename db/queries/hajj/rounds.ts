import { DEFAULT_JOURNEY_KIND, type JourneyKind } from '../../../domain/hajj/kinds';
import type { Db } from '../..';
import { readSwitch, writeSwitch } from '../shared/settings';

export interface OpenedRound {
  roundId: number;
  called: number;
  /** False when the key had opened it already: nobody is called twice. */
  created: boolean;
}

/**
 * Opens a call-up round for the next `size` people in the queue of its kind (the Hajj's unless
 * said), in deposit date-time order. The
 * key makes a repeated request (a double click, a retry) return the same round; each pilgrim is a
 * member of one round at most (primary key), and rows are locked so two rounds never share anyone.
 */
export async function openRound(
  db: Db,
  r: {
    idempotencyKey: string;
    size: number;
    staffId: number | null;
    /** A round of one that fills the place this deposit's pilgrim gave up. */
    replacesDeposit?: string;
    /** The queue it calls: each pilgrimage's own. */
    kind?: JourneyKind;
  },
): Promise<OpenedRound> {
  if (!Number.isInteger(r.size) || r.size < 1) throw new RangeError('a round calls at least one person');
  const kind = r.kind ?? DEFAULT_JOURNEY_KIND;
  return db.transaction(async (trx) => {
    const [round] = await trx('hajj_rounds')
      .insert({
        idempotency_key: r.idempotencyKey,
        size: r.size,
        opened_by: r.staffId,
        replaces_deposit: r.replacesDeposit ?? null,
        kind,
      })
      .onConflict('idempotency_key')
      .ignore()
      .returning('id');
    if (!round) {
      const existing = await trx('hajj_rounds')
        .where({ idempotency_key: r.idempotencyKey })
        .first('id', 'called');
      return { roundId: existing.id, called: existing.called, created: false };
    }
    const { rows } = await trx.raw(
      `with next as (
         select deposit_number, deposited_at from hajj_deposits
         where status = 'queued' and kind = ?
         order by deposited_at, deposit_number
         limit ? for update skip locked),
       called as (
         update hajj_deposits d set status = 'called' from next
         where d.deposit_number = next.deposit_number
         returning d.deposit_number, next.deposited_at)
       insert into hajj_round_members (deposit_number, round_id, position)
       select deposit_number, ?, row_number() over (order by deposited_at, deposit_number) from called
       returning deposit_number, (select max(deposited_at) from called) as called_through`,
      [kind, r.size, round.id],
    );
    await trx('hajj_rounds')
      .where({ id: round.id })
      .update({ called: rows.length, called_through: rows[0]?.called_through ?? null });
    return { roundId: round.id, called: rows.length, created: true };
  });
}

/**
 * What a round of `size` would do if opened now: how many of the queue it calls (fewer when the
 * queue is shorter) and how many of them have a mobile number for the call-up SMS.
 */
export async function roundPreview(
  db: Db,
  size: number,
  kind: JourneyKind = DEFAULT_JOURNEY_KIND,
): Promise<{ called: number; texted: number }> {
  const { rows } = await db.raw(
    `select count(*)::int as called, count(mobile)::int as texted from (
       select mobile from hajj_deposits where status = 'queued' and kind = ?
       order by deposited_at, deposit_number limit ?) next`,
    [kind, size],
  );
  return { called: rows[0].called, texted: rows[0].texted };
}

/** The next members of a round after a position, in queue order, not yet started. */
export async function roundBatch(
  db: Db,
  roundId: number,
  afterPosition: number,
  size: number,
): Promise<{ depositNumber: string; position: number }[]> {
  return db('hajj_round_members')
    .where({ round_id: roundId })
    .where('position', '>', afterPosition)
    .orderBy('position')
    .limit(size)
    .select('deposit_number as depositNumber', 'position');
}

export async function markRoundStarted(db: Db, roundId: number, depositNumbers: string[]): Promise<void> {
  await db('hajj_round_members')
    .where({ round_id: roundId })
    .whereIn('deposit_number', depositNumbers)
    .whereNull('started_at')
    .update({ started_at: db.fn.now() });
}

export async function completeRound(db: Db, roundId: number): Promise<void> {
  await db('hajj_rounds')
    .where({ id: roundId })
    .whereNull('completed_at')
    .update({ completed_at: db.fn.now() });
}

/** Rounds opened over `graceMs` ago whose journeys are not all started: what the relay resumes. */
export async function unfinishedRounds(
  db: Db,
  graceMs: number,
): Promise<{ roundId: number; replacement: boolean }[]> {
  const rows = await db('hajj_rounds')
    .whereNull('completed_at')
    .where('opened_at', '<', db.raw(`now() - ? * interval '1 millisecond'`, [graceMs]))
    .orderBy('id')
    .select('id', 'replaces_deposit');
  return rows.map((r) => ({ roundId: r.id, replacement: r.replaces_deposit !== null }));
}

/** How many a round called, and who hears of it: each province office (its supervisors). */
export async function announceRound(
  db: Db,
  roundId: number,
): Promise<{ called: number; recipients: number[]; kind: JourneyKind }> {
  const [round, recipients] = await Promise.all([
    db('hajj_rounds').where({ id: roundId }).first('called', 'kind'),
    db('staff').where({ active: true, role: 'supervisor' }).orderBy('id').pluck('id'),
  ]);
  return { called: round?.called ?? 0, recipients, kind: round?.kind ?? DEFAULT_JOURNEY_KIND };
}

export async function roundProgress(db: Db) {
  return db('hajj_rounds as r')
    .orderBy('r.id', 'desc')
    .limit(20)
    .select(
      'r.id',
      'r.size',
      'r.called',
      'r.opened_at as openedAt',
      'r.completed_at as completedAt',
      'r.replaces_deposit as replacesDeposit',
      'r.kind',
      db.raw(
        '(select count(*)::int from hajj_round_members m where m.round_id = r.id and m.started_at is not null) as started',
      ),
    );
}

export interface RoundNotice {
  openedAt: Date;
  called: number;
  /** Everyone who deposited up to this date-time has been called, by this round or an earlier one. */
  calledThrough: Date;
}

/**
 * The public notice board: the latest Hajj rounds that called people, replacements of one left
 * out ("called through" is a date of the Hajj's queue; the Umrah's pilgrims see their own place).
 */
export async function roundNotices(db: Db, limit = 5): Promise<RoundNotice[]> {
  return db('hajj_rounds')
    .where({ kind: DEFAULT_JOURNEY_KIND })
    .whereNull('replaces_deposit')
    .where('called', '>', 0)
    .orderBy('id', 'desc')
    .limit(limit)
    .select('opened_at as openedAt', 'called', 'called_through as calledThrough');
}

/** The idempotency key of the round that replaces a deposit's pilgrim: one per deposit, ever. */
export const replacementRoundKey = (depositNumber: string) => `replacement:${depositNumber}`;

/** Headquarters' switch: a place given up before the visa request calls the next pilgrim (on by default). */
export const autoReplacement = (db: Db) => readSwitch(db, 'hajjAutoReplacement', true);
export const setAutoReplacement = (db: Db, on: boolean) => writeSwitch(db, 'hajjAutoReplacement', on);

/**
 * Opens the round of one that replaces `depositNumber`'s pilgrim from the queue of the same kind,
 * unless the switch is off; a replacement opened already (a retry) is returned whatever the switch
 * says now.
 */
export async function openReplacementRound(db: Db, depositNumber: string): Promise<OpenedRound | null> {
  const idempotencyKey = replacementRoundKey(depositNumber);
  const existing = await db('hajj_rounds').where({ idempotency_key: idempotencyKey }).first('id');
  if (!existing && !(await autoReplacement(db))) return null;
  const deposit = await db('hajj_deposits').where({ deposit_number: depositNumber }).first('kind');
  return openRound(db, {
    idempotencyKey,
    size: 1,
    staffId: null,
    replacesDeposit: depositNumber,
    kind: deposit?.kind ?? DEFAULT_JOURNEY_KIND,
  });
}

/** How many of a round's members have a mobile number: those the call-up SMS reaches. */
export async function roundTexted(db: Db, roundId: number): Promise<number> {
  const row = await db('hajj_round_members as m')
    .join('hajj_deposits as d', 'd.deposit_number', 'm.deposit_number')
    .where('m.round_id', roundId)
    .first(db.raw('count(d.mobile)::int as n'));
  return row.n;
}
