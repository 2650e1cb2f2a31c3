import type { Knex } from 'knex';

const OPEN = `status in ('received', 'awaiting-identity', 'routed', 'info-requested')`;

export async function up(knex: Knex): Promise<void> {
  // The inbox sorts by deadline with undated cases last; a stored sort key lets one index serve both
  // the order and the keyset cursor `(due_sort, id) > (…)`.
  await knex.raw(
    `alter table cases add column due_sort timestamptz generated always as (coalesce(due_at, 'infinity')) stored`,
  );
  await knex.raw('drop index cases_inbox_idx');
  await knex.raw('drop index cases_assignee_idx');
  // Open cases are a small share of a busy year: partial indexes keep the inbox's pages and counts
  // on them; the full ones serve filters on closed statuses.
  await knex.raw(`create index cases_open_scope_idx on cases (province, desk, due_sort, id) where ${OPEN}`);
  await knex.raw(`create index cases_open_assignee_idx on cases (assigned_to, due_sort, id) where ${OPEN}`);
  await knex.raw(`create index cases_open_due_idx on cases (due_sort, id) where ${OPEN}`);
  await knex.raw(
    `create index cases_open_escalated_idx on cases (escalation_level, province, due_sort, id) where ${OPEN} and escalation_level > 0`,
  );
  await knex.raw('create index cases_scope_status_idx on cases (province, desk, status, due_sort, id)');
  await knex.raw('create index cases_status_idx on cases (status, due_sort, id)');
  // The dashboard counts by province and creation date.
  await knex.raw('create index cases_province_created_idx on cases (province, created_at)');

  // Texts an expert may start a reply from, per subject (or for all subjects when subject is null).
  await knex.schema.createTable('canned_replies', (t) => {
    t.increments('id');
    t.text('subject').references('subjects.slug').onUpdate('CASCADE');
    t.text('title').notNullable();
    t.text('body').notNullable();
    t.integer('updated_by').references('staff.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.raw('create index audit_log_actor_idx on audit_log (actor_staff_id, at)');
  await knex.raw('create index audit_log_action_idx on audit_log (action, at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('canned_replies');
  for (const index of [
    'cases_open_scope_idx',
    'cases_open_assignee_idx',
    'cases_open_due_idx',
    'cases_open_escalated_idx',
    'cases_scope_status_idx',
    'cases_status_idx',
    'cases_province_created_idx',
    'audit_log_actor_idx',
    'audit_log_action_idx',
  ])
    await knex.raw(`drop index if exists ${index}`);
  await knex.raw('alter table cases drop column due_sort');
  await knex.raw('create index cases_inbox_idx on cases (province, desk, status, due_at, id)');
  await knex.raw('create index cases_assignee_idx on cases (assigned_to, status, due_at, id)');
}
