import type { Knex } from 'knex';

/**
 * The queue position counts the queued deposits ahead of one: with the queue's order in a partial
 * index of queued rows only, that count is an index-only scan instead of a heap visit per row (at a
 * million deposits, seconds became milliseconds), and rounds take the head of the queue from it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `create index hajj_deposits_queued_idx on hajj_deposits (deposited_at, deposit_number) where status = 'queued'`,
  );
  await knex.raw('drop index hajj_deposits_queue_idx');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('create index hajj_deposits_queue_idx on hajj_deposits (deposited_at, deposit_number)');
  await knex.raw('drop index hajj_deposits_queued_idx');
}
