import type { Knex } from 'knex';

/**
 * Failed logins counted per typed username (known or not, so the count says nothing about which
 * names exist), both from one address and from all addresses together. In PostgreSQL rather than
 * in the process, so several web replicas count the same attempts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_throttle', (t) => {
    t.text('username').notNullable();
    // '' counts the username's failures from every address together.
    t.text('address').notNullable();
    t.integer('failures').notNullable();
    t.timestamp('window_started_at', { useTz: true }).notNullable();
    t.timestamp('locked_until', { useTz: true });
    t.primary(['username', 'address']);
    t.index(['window_started_at']);
  });
  await knex.schema.alterTable('staff', (t) => {
    t.dropColumn('failed_logins');
    t.dropColumn('locked_until');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff', (t) => {
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
  });
  await knex.schema.dropTable('login_throttle');
}
