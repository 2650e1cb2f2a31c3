import type { Knex } from 'knex';

/**
 * Integrators' API keys for the Open311 API: only a hash of each key is kept (the key itself is
 * shown once, when issued), and a revoked key stays as a row so the audit log and the cases it
 * created still name it. Each case remembers the key it came through, so an integrator lists only
 * its own requests.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_keys', (t) => {
    t.increments('id');
    t.text('integrator').notNullable();
    t.text('key_hash').notNullable().unique();
    // The key's first characters, so an admin can tell keys apart without the secret.
    t.text('key_prefix').notNullable();
    t.integer('requests_per_minute').notNullable();
    t.integer('created_by').notNullable().references('staff.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('revoked_at', { useTz: true });
    t.integer('revoked_by').references('staff.id');
    t.timestamp('last_used_at', { useTz: true });
    t.index(['integrator']);
  });
  await knex.schema.alterTable('cases', (t) => {
    t.integer('api_key_id').references('api_keys.id');
  });
  await knex.raw(
    'create index cases_api_key_idx on cases (api_key_id, created_at desc) where api_key_id is not null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('cases', (t) => t.dropColumn('api_key_id'));
  await knex.schema.dropTable('api_keys');
}
