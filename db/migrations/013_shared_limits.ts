import type { Knex } from 'knex';

/**
 * What several web and worker processes must share rather than each keep to itself: the rate
 * limits' counters (one row per limit and client, a fixed window from its first hit), and the outbox
 * relay's claim on a row, so two relays never start the same submission.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limit_hits', (t) => {
    t.text('key').primary();
    t.integer('hits').notNullable();
    t.timestamp('reset_at', { useTz: true }).notNullable();
    t.index(['reset_at']);
  });
  await knex.schema.alterTable('workflow_outbox', (t) => {
    // A relay's claim lasts until then; a relay that died lets the row go to another after it.
    t.timestamp('claimed_until', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('workflow_outbox', (t) => t.dropColumn('claimed_until'));
  await knex.schema.dropTable('rate_limit_hits');
}
