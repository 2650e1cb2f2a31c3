import type { Knex } from 'knex';

/**
 * Notices the web records (a lost tracking code's SMS) have no activity to send them: they are
 * marked `deliver_by = 'relay'` and the worker's notification relay delivers them, claiming each
 * row for a while (`claimed_until`) so several workers never send one twice, and retrying a
 * failed send later (`attempts`, `last_error`). Recovery SMS rows recorded before this, not sent,
 * from the last day, are handed to the relay as well; older ones are left as they are.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.text('deliver_by').checkIn(['relay']);
    t.timestamp('claimed_until', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
  });
  await knex.raw(
    `create index notifications_relay_pending_idx on notifications (id)
      where deliver_by = 'relay' and sent_at is null`,
  );
  await knex('notifications')
    .whereNull('sent_at')
    .where('dedupe_key', 'like', 'recover:%')
    .where('created_at', '>', knex.raw(`now() - interval '1 day'`))
    .update({ deliver_by: 'relay' });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists notifications_relay_pending_idx');
  await knex.schema.alterTable('notifications', (t) => {
    t.dropColumn('last_error');
    t.dropColumn('attempts');
    t.dropColumn('claimed_until');
    t.dropColumn('deliver_by');
  });
}
