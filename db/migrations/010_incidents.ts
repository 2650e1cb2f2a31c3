import type { Knex } from 'knex';

/**
 * Incidents: a case or journey whose step failed in a way no retry can pass waits for an operator
 * (the admin page lists the open ones and retries them). At most one open incident per workflow.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('incidents', (t) => {
    t.bigIncrements('id');
    t.text('workflow_id').notNullable();
    t.text('kind').notNullable().checkIn(['case', 'journey']);
    t.text('step').notNullable();
    t.text('error').notNullable();
    t.timestamp('raised_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('retried_at', { useTz: true });
    t.integer('retried_by').references('staff.id');
    t.timestamp('resolved_at', { useTz: true });
  });
  await knex.raw('create unique index incidents_open on incidents (workflow_id) where resolved_at is null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('incidents');
}
