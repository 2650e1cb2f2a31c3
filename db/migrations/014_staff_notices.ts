import type { Knex } from 'knex';

/**
 * Staff notices that arrive: a staff member's email and mobile number (admins set them) and the
 * channels they chose (null: their role's default, domain/shared/staffNotices.ts); each notification
 * names the staff member it is for and, for the in-app row, when they read it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('staff', (t) => {
    t.text('email');
    t.text('mobile');
    // Tokens `<kind>:<channel>` (deadline:sms, work:email…); null until the staff member chooses.
    t.specificType('notice_channels', 'text[]');
  });
  await knex.schema.alterTable('notifications', (t) => {
    t.integer('staff_id').references('staff.id');
    t.text('deposit_number');
    t.timestamp('read_at', { useTz: true });
  });
  // The in-app rows written before this named their staff member only in the recipient.
  await knex.raw(
    `update notifications n set staff_id = s.id from staff s
      where n.channel = 'inbox' and n.recipient = 'staff:' || s.id`,
  );
  // The notices page, newest first, and the menu's unread count: each one partial index.
  await knex.raw(
    `create index notifications_staff_inbox_idx on notifications (staff_id, id) where channel = 'inbox'`,
  );
  await knex.raw(
    `create index notifications_staff_unread_idx on notifications (staff_id)
      where channel = 'inbox' and read_at is null`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists notifications_staff_unread_idx');
  await knex.raw('drop index if exists notifications_staff_inbox_idx');
  await knex.schema.alterTable('notifications', (t) => {
    t.dropColumn('read_at');
    t.dropColumn('deposit_number');
    t.dropColumn('staff_id');
  });
  await knex.schema.alterTable('staff', (t) => {
    t.dropColumn('notice_channels');
    t.dropColumn('mobile');
    t.dropColumn('email');
  });
}
