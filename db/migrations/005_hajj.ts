import type { Knex } from 'knex';

/** The staff roles the check on staff.role allows now, whatever earlier migrations made of it. */
async function staffRoleCheck(knex: Knex): Promise<{ name: string; roles: string[] } | null> {
  const { rows } = await knex.raw(`
    select conname, pg_get_constraintdef(oid) as def from pg_constraint
    where conrelid = 'staff'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%role%'`);
  if (rows.length === 0) return null;
  const roles = [...String(rows[0].def).matchAll(/'([a-z-]+)'/g)].map((m) => m[1]);
  return { name: rows[0].conname, roles };
}

async function setStaffRoles(knex: Knex, change: (roles: string[]) => string[]): Promise<void> {
  const check = await staffRoleCheck(knex);
  if (!check) return;
  const roles = [...new Set(change(check.roles))];
  await knex.raw(`alter table staff drop constraint ??`, [check.name]);
  // DDL takes no bind parameters; the names are plain words, checked here.
  if (roles.some((r) => !/^[a-z-]+$/.test(r))) throw new Error(`unexpected staff roles: ${roles}`);
  const list = roles.map((r) => `'${r}'`).join(', ');
  await knex.raw(`alter table staff add constraint ?? check (role in (${list}))`, [check.name]);
}

export async function up(knex: Knex): Promise<void> {
  // The caravan's licensed agent (کارگزار) signs in like other staff.
  await setStaffRoles(knex, (roles) => [...roles, 'agent']);

  // The deposit queue: about a million people, ordered by deposit date-time; no workflow per row.
  await knex.schema.createTable('hajj_deposits', (t) => {
    t.text('deposit_number').primary();
    t.specificType('national_code', 'char(10)').notNullable();
    t.text('national_code_hash').notNullable();
    t.text('bank_branch').notNullable();
    t.timestamp('deposited_at', { useTz: true }).notNullable();
    t.bigInteger('amount_rials').notNullable();
    t.text('mobile');
    t.text('status').notNullable().defaultTo('queued').checkIn(['queued', 'called', 'cancelled']);
    t.bigInteger('import_id');
    t.timestamp('imported_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('amount_rials > 0');
  });
  await knex.raw('create index hajj_deposits_queue_idx on hajj_deposits (deposited_at, deposit_number)');
  // One deposit per person: a second one for the same code is refused at import.
  await knex.raw('create unique index hajj_deposits_national_code_idx on hajj_deposits (national_code)');

  await knex.schema.createTable('hajj_deposit_imports', (t) => {
    t.bigIncrements('id');
    t.text('filename').notNullable();
    t.integer('staff_id').references('staff.id');
    t.integer('total_rows').notNullable().defaultTo(0);
    t.integer('inserted_rows').notNullable().defaultTo(0);
    t.integer('duplicate_rows').notNullable().defaultTo(0);
    t.integer('rejected_rows').notNullable().defaultTo(0);
    t.jsonb('rejections').notNullable().defaultTo('[]');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('hajj_caravans', (t) => {
    t.increments('id');
    t.text('code').notNullable().unique();
    t.text('name').notNullable();
    t.text('province').notNullable().references('provinces.slug');
    t.integer('agent_staff_id').references('staff.id');
    t.text('agent_name').notNullable();
    t.text('manager_name').notNullable();
    t.integer('capacity').notNullable();
    t.integer('seats_taken').notNullable().defaultTo(0);
    t.bigInteger('price_rials').notNullable();
    t.date('departs_from').notNullable();
    t.date('departs_to').notNullable();
    t.date('flight_date').notNullable();
    t.text('flight_number');
    t.decimal('rating', 2, 1);
    t.timestamp('visa_requested_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // The last line of defence against overbooking: no transaction can commit a seat too many.
    t.check('seats_taken >= 0 and seats_taken <= capacity', [], 'hajj_caravans_seats_check');
    t.check('capacity > 0 and price_rials >= 0');
  });
  await knex.raw('create index hajj_caravans_province_idx on hajj_caravans (province, departs_from)');

  // A seat: held online or at the office until the registration is final, or released.
  await knex.schema.createTable('hajj_bookings', (t) => {
    t.bigIncrements('id');
    // The workflow's key for this attempt, so a retried booking finds the seat it already took.
    t.text('request_key').notNullable().unique();
    t.text('deposit_number').notNullable().references('hajj_deposits.deposit_number');
    t.integer('caravan_id').notNullable().references('hajj_caravans.id');
    t.text('status').notNullable().checkIn(['held', 'final', 'released', 'cancelled']);
    t.text('channel').notNullable().checkIn(['online', 'office']);
    t.integer('booked_by').references('staff.id');
    t.timestamp('held_until', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('ended_at', { useTz: true });
    t.index(['caravan_id', 'status']);
  });
  await knex.raw(
    `create unique index hajj_bookings_one_seat_idx on hajj_bookings (deposit_number) where status in ('held', 'final')`,
  );

  await knex.schema.createTable('hajj_rounds', (t) => {
    t.increments('id');
    t.text('idempotency_key').notNullable().unique();
    t.integer('size').notNullable();
    t.integer('called').notNullable().defaultTo(0);
    t.integer('opened_by').references('staff.id');
    t.timestamp('opened_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true });
  });
  // A pilgrim is called in one round only: the primary key says so.
  await knex.schema.createTable('hajj_round_members', (t) => {
    t.text('deposit_number').primary().references('hajj_deposits.deposit_number');
    t.integer('round_id').notNullable().references('hajj_rounds.id');
    t.integer('position').notNullable();
    t.timestamp('started_at', { useTz: true });
    t.unique(['round_id', 'position']);
  });

  // The journey's projection, written by the workflow's activities; (deposit, seq) makes retries harmless.
  await knex.schema.createTable('hajj_journeys', (t) => {
    t.text('deposit_number').primary().references('hajj_deposits.deposit_number');
    t.text('stage').notNullable();
    t.integer('caravan_id').references('hajj_caravans.id');
    t.timestamp('held_until', { useTz: true });
    t.timestamp('due_at', { useTz: true });
    t.jsonb('steps').notNullable().defaultTo('{}');
    t.bigInteger('paid_rials').notNullable().defaultTo(0);
    t.text('end_reason');
    t.integer('projection_seq').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('create index hajj_journeys_caravan_idx on hajj_journeys (caravan_id, stage)');
  await knex.schema.createTable('hajj_journey_events', (t) => {
    t.bigIncrements('id');
    t.text('deposit_number').notNullable().references('hajj_deposits.deposit_number');
    t.integer('seq').notNullable();
    t.text('kind').notNullable();
    t.integer('actor_staff_id').references('staff.id');
    t.jsonb('data').notNullable().defaultTo('{}');
    t.timestamp('at', { useTz: true }).notNullable();
    t.unique(['deposit_number', 'seq']);
  });

  await knex.schema.createTable('hajj_cancellations', (t) => {
    t.text('receipt_number').primary();
    t.text('deposit_number').notNullable().unique().references('hajj_deposits.deposit_number');
    t.integer('recorded_by').notNullable().references('staff.id');
    t.text('recorded_as').notNullable();
    t.boolean('after_visa_request').notNullable();
    t.bigInteger('paid_rials').notNullable();
    t.bigInteger('blocked_rials').notNullable();
    t.bigInteger('refund_rials').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // The guide: deposits are paused now, with a million people in the queue.
  await knex('settings')
    .insert([
      { key: 'hajjDepositsPaused', value: 'true' },
      { key: 'hajjHoldBusinessDays', value: '3' },
      { key: 'hajjStepBusinessDays', value: '10' },
    ])
    .onConflict('key')
    .ignore();
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'hajj_cancellations',
    'hajj_journey_events',
    'hajj_journeys',
    'hajj_round_members',
    'hajj_rounds',
    'hajj_bookings',
    'hajj_caravans',
    'hajj_deposit_imports',
    'hajj_deposits',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex('settings')
    .whereIn('key', ['hajjDepositsPaused', 'hajjHoldBusinessDays', 'hajjStepBusinessDays'])
    .delete();
  await setStaffRoles(knex, (roles) => roles.filter((r) => r !== 'agent'));
}
