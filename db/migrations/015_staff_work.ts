import type { Knex } from 'knex';

/** The channels as this migration knows them (domain/desk/caseStatus.ts CASE_CHANNELS is the live list). */
const CHANNELS = ['web', 'open311', 'phone', 'in-person', 'letter'] as const;

// What the reports read of every case in a date range, so an index-only scan serves them.
const REPORT_COLUMNS =
  'province, desk, confidential, escalation_level, subject, channel, assigned_to, first_answered_at, first_answered_by, first_answer_late, score';

/**
 * Staff work on the request desk:
 * - each case records its channel (backfilled: a case with an integrator's key came through the
 *   API, every other one through the form) and the staff member who entered it for a citizen;
 * - the first answer is kept when an objection reopens the case (answered_at is cleared then), with
 *   whether it came after the deadline in force or after an escalation, and the citizen's score,
 *   so the dashboard and the reports count from the row instead of the timeline;
 * - covering indexes on the creation date let the reports aggregate a year of a million cases
 *   from the index alone, for headquarters and per province;
 * - a caravan keeps its manager's phone.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => {
    t.text('channel')
      .notNullable()
      .defaultTo('web')
      .checkIn([...CHANNELS], 'cases_channel_check');
    t.integer('entered_by').references('staff.id');
    t.timestamp('first_answered_at', { useTz: true });
    t.integer('first_answered_by').references('staff.id');
    t.boolean('first_answer_late');
    t.smallint('score');
  });
  await knex.raw(`update cases set channel = 'open311' where api_key_id is not null`);
  // The first answer of every case answered before, from its timeline; late when an escalation came
  // before it (the deadline of the moment is not in the timeline).
  await knex.raw(`
    update cases c set first_answered_at = a.at, first_answered_by = a.actor_staff_id,
      first_answer_late = exists (
        select 1 from case_events x where x.case_id = c.id and x.kind = 'escalated' and x.at <= a.at)
    from (select distinct on (case_id) case_id, at, actor_staff_id from case_events
          where kind = 'answered' order by case_id, at, seq) a
    where a.case_id = c.id`);
  await knex.raw(`
    update cases c set score = (e.data->>'score')::smallint
    from case_events e where e.case_id = c.id and e.kind = 'rated' and e.data->>'score' ~ '^[1-5]$'`);
  await knex.raw(`alter table cases add constraint cases_score_check check (score between 1 and 5)`);
  await knex.raw(`create index cases_report_idx on cases (created_at) include (${REPORT_COLUMNS})`);
  await knex.raw(
    `create index cases_report_province_idx on cases (province, desk, created_at) include (${REPORT_COLUMNS})`,
  );
  await knex.raw(`create index cases_entered_by_idx on cases (entered_by) where entered_by is not null`);
  // The caravan's manager is reached by phone; the admin's caravan page keeps it.
  await knex.schema.alterTable('hajj_caravans', (t) => t.text('manager_phone'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('hajj_caravans', (t) => t.dropColumn('manager_phone'));
  for (const index of ['cases_report_idx', 'cases_report_province_idx', 'cases_entered_by_idx'])
    await knex.raw(`drop index if exists ${index}`);
  await knex.schema.alterTable('cases', (t) => {
    t.dropChecks(['cases_score_check']);
    t.dropColumns(
      'channel',
      'entered_by',
      'first_answered_at',
      'first_answered_by',
      'first_answer_late',
      'score',
    );
  });
}
