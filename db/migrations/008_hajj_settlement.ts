import type { Knex } from 'knex';

/**
 * Settlement when a journey stops without the pilgrim's choice, and replacement rounds (issue 9).
 *
 * - `hajj_cancellations.reason`: why the deposit document was made stable: the pilgrim's own
 *   cancellation ('cancelled'), an unfit medical result ('medical') or a refused visa ('visa'), as
 *   the journey's end reason names them. Receipts written before are cancellations.
 * - `hajj_rounds.replaces_deposit`: the deposit whose given-up place a round of one fills.
 * - `hajjAutoReplacement`: headquarters' switch for calling a replacement automatically (on).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('hajj_cancellations', (t) => {
    t.text('reason').notNullable().defaultTo('cancelled').checkIn(['cancelled', 'medical', 'visa']);
  });
  await knex.schema.alterTable('hajj_rounds', (t) => {
    t.text('replaces_deposit').references('hajj_deposits.deposit_number');
  });
  await knex('settings').insert({ key: 'hajjAutoReplacement', value: 'true' }).onConflict('key').ignore();
}

export async function down(knex: Knex): Promise<void> {
  await knex('settings').where({ key: 'hajjAutoReplacement' }).delete();
  await knex.schema.alterTable('hajj_rounds', (t) => {
    t.dropColumn('replaces_deposit');
  });
  await knex.schema.alterTable('hajj_cancellations', (t) => {
    t.dropColumn('reason');
  });
}
