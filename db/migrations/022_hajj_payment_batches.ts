import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The bank's payment file becomes a batch: the upload matches and stores its payments and lists
  // the ones its journeys have to take; a workflow sends them at a bounded pace and counts them.
  await knex.schema.alterTable('hajj_payment_imports', (t) => {
    // Imports made in one request before this were done when their row was written.
    t.text('status').notNullable().defaultTo('done').checkIn(['running', 'done']);
    // Who imported it, as the journeys are told (the role and province of that day).
    t.text('staff_role');
    t.text('staff_province');
    t.integer('to_apply').notNullable().defaultTo(0);
    t.integer('applied').notNullable().defaultTo(0);
    t.integer('refused').notNullable().defaultTo(0);
    t.timestamp('completed_at', { useTz: true });
  });
  // A confirmed payment the import's journey is to take, in file order; once sent, how it went:
  // applied (this import moved the journey), earlier (another import had), refused (with why).
  await knex.schema.createTable('hajj_payment_import_items', (t) => {
    t.bigInteger('import_id').notNullable().references('hajj_payment_imports.id').onDelete('cascade');
    t.integer('position').notNullable();
    t.text('reference').notNullable().references('hajj_bank_payments.reference');
    t.text('deposit_number').notNullable();
    t.bigInteger('amount_rials').notNullable();
    t.text('outcome').checkIn(['applied', 'earlier', 'refused']);
    t.text('reason');
    t.timestamp('sent_at', { useTz: true });
    t.primary(['import_id', 'position']);
    t.unique(['import_id', 'reference']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('hajj_payment_import_items');
  await knex.schema.alterTable('hajj_payment_imports', (t) => {
    for (const c of [
      'status',
      'staff_role',
      'staff_province',
      'to_apply',
      'applied',
      'refused',
      'completed_at',
    ])
      t.dropColumn(c);
  });
}
