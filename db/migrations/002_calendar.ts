import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Official holidays by Tehran calendar day; `computed` marks lunar days taken from the Islamic
  // calendar, which the official announcement may move by a day.
  await knex.schema.createTable('holidays', (t) => {
    t.date('date').primary();
    t.text('title').notNullable();
    t.boolean('computed').notNullable();
    t.integer('updated_by').references('staff.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // Each Jalali year is seeded once, so a day an admin removed does not come back at the next start.
  await knex.schema.createTable('holiday_seed_years', (t) => {
    t.integer('jalali_year').primary();
    t.timestamp('seeded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('holiday_seed_years');
  await knex.schema.dropTableIfExists('holidays');
}
