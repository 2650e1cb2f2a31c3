import type { Knex } from 'knex';

/**
 * The final registration's data (issue 19): the pilgrim's identity and passport, the documents and
 * the agent's check of each, the payment slip and the bank's payment file, the medical exam, the
 * insurance, the caravans' training classes with attendance, and the pilgrim card.
 */
export async function up(knex: Knex): Promise<void> {
  // The card names the caravan's manager and how to reach them: hajj_caravans.manager_phone (015).

  // One row per pilgrim, filled step by step at the caravan office.
  await knex.schema.createTable('hajj_registrations', (t) => {
    t.text('deposit_number').primary().references('hajj_deposits.deposit_number');
    t.text('birth_certificate_number');
    t.text('passport_number');
    t.date('passport_issued_on');
    t.date('passport_expires_on');
    t.integer('identity_by').references('staff.id');
    t.timestamp('identity_at', { useTz: true });
    t.text('medical_result').checkIn(['fit', 'unfit']);
    t.date('medical_examined_on');
    t.integer('medical_by').references('staff.id');
    t.text('insurer');
    t.text('policy_number');
    t.integer('insurance_by').references('staff.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('passport_expires_on is null or passport_expires_on > passport_issued_on');
  });

  // The current file of each kind; a new upload replaces it and waits for a new check.
  await knex.schema.createTable('hajj_documents', (t) => {
    t.text('deposit_number').notNullable().references('hajj_deposits.deposit_number');
    t.text('kind').notNullable().checkIn(['photo', 'national-card', 'birth-certificate', 'passport']);
    t.text('filename').notNullable();
    t.text('content_type').notNullable();
    t.binary('content').notNullable();
    t.text('sha256').notNullable();
    t.integer('uploaded_by').references('staff.id');
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'accepted', 'refused']);
    t.integer('checked_by').references('staff.id');
    t.timestamp('checked_at', { useTz: true });
    t.text('refusal_reason');
    t.primary(['deposit_number', 'kind']);
    t.check("status <> 'refused' or refusal_reason is not null");
  });
  // Every check the agents made, of which file (its hash), kept whatever is uploaded later.
  await knex.schema.createTable('hajj_document_checks', (t) => {
    t.bigIncrements('id');
    t.text('deposit_number').notNullable().references('hajj_deposits.deposit_number');
    t.text('kind').notNullable();
    t.text('sha256').notNullable();
    t.text('verdict').notNullable().checkIn(['accepted', 'refused']);
    t.text('reason');
    t.integer('staff_id').notNullable().references('staff.id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['deposit_number', 'kind']);
  });

  await knex.schema.createTable('hajj_payment_imports', (t) => {
    t.bigIncrements('id');
    t.text('filename').notNullable();
    t.integer('staff_id').references('staff.id');
    t.integer('total_lines').notNullable().defaultTo(0);
    t.integer('confirmed').notNullable().defaultTo(0);
    t.integer('duplicates').notNullable().defaultTo(0);
    t.jsonb('problems').notNullable().defaultTo('[]');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // The slip: its identifier, the amount due and the account, as printed.
  await knex.schema.createTable('hajj_payment_slips', (t) => {
    t.text('deposit_number').primary().references('hajj_deposits.deposit_number');
    t.text('payment_id').notNullable().unique();
    t.bigInteger('amount_rials').notNullable();
    t.text('account').notNullable();
    t.text('account_holder').notNullable();
    t.integer('issued_by').references('staff.id');
    t.timestamp('issued_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('amount_rials >= 0');
  });
  // A confirmed payment. The bank's reference is the key (a file imported twice adds nothing) and a
  // slip is paid once (a second reference for it is reported, never counted).
  await knex.schema.createTable('hajj_bank_payments', (t) => {
    t.text('reference').primary();
    t.text('payment_id').notNullable().unique().references('hajj_payment_slips.payment_id');
    t.text('deposit_number').notNullable().references('hajj_deposits.deposit_number');
    t.bigInteger('amount_rials').notNullable();
    t.timestamp('paid_at', { useTz: true }).notNullable();
    t.text('branch');
    t.bigInteger('import_id').notNullable().references('hajj_payment_imports.id');
    // When the journey took the payment (its update accepted); null until it has.
    t.timestamp('applied_at', { useTz: true });
  });

  await knex.schema.createTable('hajj_training_classes', (t) => {
    t.increments('id');
    t.integer('caravan_id').notNullable().references('hajj_caravans.id');
    t.date('held_on').notNullable();
    t.text('starts_at').notNullable();
    t.text('place').notNullable();
    t.text('topic').notNullable();
    t.integer('created_by').references('staff.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['caravan_id', 'held_on']);
  });
  await knex.schema.createTable('hajj_training_attendance', (t) => {
    t.integer('class_id').notNullable().references('hajj_training_classes.id');
    t.text('deposit_number').notNullable().references('hajj_deposits.deposit_number');
    t.boolean('present').notNullable();
    t.integer('recorded_by').references('staff.id');
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['class_id', 'deposit_number']);
  });

  await knex.schema.createTable('hajj_cards', (t) => {
    t.text('deposit_number').primary().references('hajj_deposits.deposit_number');
    t.text('token').notNullable().unique();
    t.text('holder_name').notNullable();
    t.integer('issued_by').references('staff.id');
    t.timestamp('issued_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'hajj_cards',
    'hajj_training_attendance',
    'hajj_training_classes',
    'hajj_bank_payments',
    'hajj_payment_slips',
    'hajj_payment_imports',
    'hajj_document_checks',
    'hajj_documents',
    'hajj_registrations',
  ])
    await knex.schema.dropTableIfExists(table);
  await knex('settings').whereIn('key', ['hajjPaymentAccount', 'hajjPaymentAccountHolder']).delete();
}
