import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('provinces', (t) => {
    t.text('slug').primary();
    t.text('name_fa').notNullable();
    t.text('name_en').notNullable();
    t.text('capital_fa').notNullable();
    t.text('area_code').notNullable();
    t.smallint('position').notNullable();
  });

  await knex.schema.createTable('subjects', (t) => {
    t.text('slug').primary();
    t.text('name_fa').notNullable();
    t.text('desk').notNullable().checkIn(['province', 'inspection']);
    t.smallint('sla_business_days').notNullable();
    t.smallint('position').notNullable();
  });

  await knex.schema.createTable('sub_subjects', (t) => {
    t.text('subject_slug').notNullable().references('subjects.slug').onUpdate('CASCADE');
    t.text('slug').notNullable();
    t.text('name_fa').notNullable();
    t.smallint('position').notNullable();
    t.primary(['subject_slug', 'slug']);
  });

  await knex.schema.createTable('staff', (t) => {
    t.increments('id');
    t.text('username').notNullable().unique();
    t.text('password_hash').notNullable();
    t.text('full_name').notNullable();
    t.text('role').notNullable().checkIn(['expert', 'supervisor', 'inspector', 'admin']);
    t.text('province').references('provinces.slug');
    t.specificType('desks', 'text[]').notNullable().defaultTo('{province}');
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('cases', (t) => {
    t.bigIncrements('id');
    t.specificType('tracking_code', 'char(10)').notNullable().unique();
    t.uuid('idempotency_key').unique();
    t.specificType('national_code', 'char(10)').notNullable();
    t.text('national_code_hash').notNullable();
    t.text('birth_date').notNullable();
    t.text('citizen_name');
    t.text('gender');
    t.text('province').notNullable().references('provinces.slug');
    t.text('email');
    t.text('mobile').notNullable();
    t.text('area_code');
    t.text('phone');
    t.text('subject').notNullable().references('subjects.slug');
    t.text('sub_subject').notNullable();
    t.text('text').notNullable();
    t.text('desk').notNullable();
    t.boolean('confidential').notNullable();
    t.text('status').notNullable().defaultTo('received');
    t.integer('assigned_to').references('staff.id');
    t.smallint('escalation_level').notNullable().defaultTo(0);
    t.timestamp('due_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('answered_at', { useTz: true });
    t.integer('answered_by').references('staff.id');
    t.timestamp('closed_at', { useTz: true });
    t.integer('projection_seq').notNullable().defaultTo(0);
    t.foreign(['subject', 'sub_subject']).references(['subject_slug', 'slug']).inTable('sub_subjects');
  });
  // The inbox reads by province (or assignee) and status, soonest deadline first.
  await knex.raw('create index cases_inbox_idx on cases (province, desk, status, due_at, id)');
  await knex.raw('create index cases_assignee_idx on cases (assigned_to, status, due_at, id)');
  await knex.raw('create index cases_national_code_hash_idx on cases (national_code_hash)');

  await knex.schema.createTable('case_attachments', (t) => {
    t.bigIncrements('id');
    t.bigInteger('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.uuid('message_id');
    t.smallint('position').notNullable();
    t.text('title');
    t.text('filename').notNullable();
    t.text('content_type').notNullable();
    t.integer('size_bytes').notNullable();
    t.binary('content').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['case_id']);
  });

  // Texts written about a case (replies, questions, notes, the citizen's supplements) live here, so
  // workflow histories carry only their ids; published_at is set when the workflow accepts them.
  await knex.schema.createTable('case_messages', (t) => {
    t.uuid('id').primary();
    t.bigInteger('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.integer('author_staff_id').references('staff.id');
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('published_at', { useTz: true });
    t.index(['case_id', 'kind']);
  });

  // The case timeline, written by the workflow's activities: (case_id, seq) makes retries harmless.
  await knex.schema.createTable('case_events', (t) => {
    t.bigIncrements('id');
    t.bigInteger('case_id').notNullable().references('cases.id').onDelete('CASCADE');
    t.integer('seq').notNullable();
    t.text('kind').notNullable();
    t.boolean('public').notNullable();
    t.integer('actor_staff_id').references('staff.id');
    t.uuid('message_id').references('case_messages.id');
    t.jsonb('data').notNullable().defaultTo('{}');
    t.timestamp('at', { useTz: true }).notNullable();
    t.unique(['case_id', 'seq']);
  });

  // Workflows the web could not start yet; the worker's relay starts them.
  await knex.schema.createTable('workflow_outbox', (t) => {
    t.specificType('tracking_code', 'char(10)').primary().references('cases.tracking_code');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('started_at', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
  });
  await knex.raw(
    'create index workflow_outbox_pending_idx on workflow_outbox (created_at) where started_at is null',
  );

  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    t.text('dedupe_key').notNullable().unique();
    t.text('channel').notNullable().checkIn(['sms', 'email', 'inbox']);
    t.text('recipient').notNullable();
    t.text('subject');
    t.text('body').notNullable();
    t.specificType('tracking_code', 'char(10)');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
  });

  await knex.schema.createTable('settings', (t) => {
    t.text('key').primary();
    t.text('value').notNullable();
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('actor_staff_id').references('staff.id');
    t.text('action').notNullable();
    t.text('target');
    t.text('ip');
    t.jsonb('details').notNullable().defaultTo('{}');
    t.index(['at']);
  });
  // Append-only: the database itself refuses to change or remove what was written.
  await knex.raw(`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_log is append-only'; end $$;
    create trigger audit_log_no_change before update or delete on audit_log
      for each row execute function audit_log_append_only();
  `);

  // express-session's store (connect-pg-simple's schema).
  await knex.raw(`
    create table session (sid varchar not null primary key, sess json not null, expire timestamp(6) not null);
    create index session_expire_idx on session (expire);
  `);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'session',
    'audit_log',
    'settings',
    'notifications',
    'workflow_outbox',
    'case_events',
    'case_messages',
    'case_attachments',
    'cases',
    'staff',
    'sub_subjects',
    'subjects',
    'provinces',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.raw('drop function if exists audit_log_append_only()');
}
