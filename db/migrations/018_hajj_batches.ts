import type { Knex } from 'knex';

/** The kinds of a caravan's trip services (خدمات ایام سفر), in the guide's order. */
const TRIP_SERVICE_KINDS = [
  'catering',
  'logistics',
  'intra-city',
  'inter-city',
  'tashriq',
  'medical',
  'insurance',
];

export async function up(knex: Knex): Promise<void> {
  // The deposit import becomes a workflow: the upload stages the file's lines here, the workflow
  // takes them in chunks and commits how far it got with each chunk's rows.
  await knex.schema.alterTable('hajj_deposit_imports', (t) => {
    // Imports made in one request before this were done when their row was written.
    t.text('status').notNullable().defaultTo('done').checkIn(['staged', 'running', 'done']);
    t.integer('lines_total').notNullable().defaultTo(0);
    t.integer('lines_done').notNullable().defaultTo(0);
    t.timestamp('completed_at', { useTz: true });
  });
  await knex.schema.createTable('hajj_deposit_import_lines', (t) => {
    t.bigInteger('import_id').notNullable().references('hajj_deposit_imports.id').onDelete('cascade');
    // The data row's number (1, 2, …: chunks are ranges of it) and its line in the file.
    t.integer('n').notNullable();
    t.integer('line').notNullable();
    t.text('text').notNullable();
    t.primary(['import_id', 'n']);
  });
  // Every problem row of an import (the counts cover them; the old jsonb kept the first 10,000).
  await knex.schema.createTable('hajj_deposit_import_problems', (t) => {
    t.bigInteger('import_id').notNullable().references('hajj_deposit_imports.id').onDelete('cascade');
    t.integer('line').notNullable();
    t.text('problem').notNullable();
    t.primary(['import_id', 'line']);
  });

  // A caravan's batch of journey steps (visa request, visa and ticket results, dispatch), sent by a
  // workflow at a bounded pace; each item says what it sends and, once sent, how it went.
  await knex.schema.createTable('hajj_batches', (t) => {
    t.bigIncrements('id');
    t.text('idempotency_key').notNullable().unique();
    t.text('kind').notNullable().checkIn(['visa-request', 'visa', 'dispatch']);
    t.integer('caravan_id').notNullable().references('hajj_caravans.id');
    t.integer('staff_id').notNullable().references('staff.id');
    t.text('staff_role').notNullable();
    t.text('staff_province');
    // Dispatch: the flight minutes (صورتجلسه اعزام).
    t.text('flight_number');
    t.date('flight_date');
    t.text('airport');
    t.text('minutes_number');
    t.integer('total').notNullable();
    t.integer('sent').notNullable().defaultTo(0);
    t.integer('refused').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true });
    t.index(['caravan_id', 'created_at']);
  });
  await knex.schema.createTable('hajj_batch_items', (t) => {
    t.bigInteger('batch_id').notNullable().references('hajj_batches.id').onDelete('cascade');
    t.integer('position').notNullable();
    t.text('deposit_number').notNullable().references('hajj_deposits.deposit_number');
    t.text('visa').checkIn(['issued', 'refused']);
    t.boolean('ticket').notNullable().defaultTo(false);
    // Dispatch: false for an absentee, recorded in the minutes and sent nothing.
    t.boolean('present').notNullable().defaultTo(true);
    t.text('outcome').checkIn(['sent', 'refused', 'skipped']);
    t.text('reason');
    t.timestamp('sent_at', { useTz: true });
    t.primary(['batch_id', 'position']);
    t.unique(['batch_id', 'deposit_number']);
  });

  await knex.schema.createTable('hajj_trip_services', (t) => {
    t.integer('caravan_id').notNullable().references('hajj_caravans.id');
    t.text('kind').notNullable().checkIn(TRIP_SERVICE_KINDS);
    t.text('what').notNullable();
    t.text('place').notNullable().defaultTo('');
    t.text('time').notNullable().defaultTo('');
    t.text('contact').notNullable().defaultTo('');
    t.integer('updated_by').references('staff.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['caravan_id', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'hajj_trip_services',
    'hajj_batch_items',
    'hajj_batches',
    'hajj_deposit_import_problems',
    'hajj_deposit_import_lines',
  ])
    await knex.schema.dropTableIfExists(table);
  await knex.schema.alterTable('hajj_deposit_imports', (t) => {
    t.dropColumn('status');
    t.dropColumn('lines_total');
    t.dropColumn('lines_done');
    t.dropColumn('completed_at');
  });
}
