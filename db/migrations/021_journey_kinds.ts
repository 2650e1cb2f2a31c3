import type { Knex } from 'knex';

/**
 * Journey kinds (issue 19: the Umrah mofradeh beside the Hajj Tamattu). Deposits, their imports,
 * caravans and rounds carry a kind; every row from before is the Hajj Tamattu's (the default, so
 * the column is added without rewriting a million deposits). Each kind has its own queue: the
 * queue's partial index leads with the kind, one deposit per person is per kind (a Hajj depositor
 * may deposit for an Umrah too), and the per-day counts behind the Hajj's queue position
 * (hajj_queue_days, migration 007) count the Hajj's deposits only; the Umrah's far shorter queue
 * is counted on the index.
 */
const KINDS = ['hajj-tamattu', 'umrah'];

function queueDaysTrack(filter: string): string {
  const rows = (table: string) => `from ${table} where status = 'queued'${filter}`;
  return `
    create or replace function hajj_queue_days_track() returns trigger language plpgsql as $$
    declare
      days date[];
      deltas integer[];
    begin
      if tg_op = 'INSERT' then
        select array_agg(day order by day), array_agg(n order by day) into days, deltas
        from (select (deposited_at at time zone 'UTC')::date as day, count(*)::int as n
              ${rows('new_rows')} group by 1) c;
      elsif tg_op = 'DELETE' then
        select array_agg(day order by day), array_agg(-n order by day) into days, deltas
        from (select (deposited_at at time zone 'UTC')::date as day, count(*)::int as n
              ${rows('old_rows')} group by 1) c;
      else
        select array_agg(day order by day), array_agg(n order by day) into days, deltas
        from (select day, sum(delta)::int as n
              from (select (deposited_at at time zone 'UTC')::date as day, 1 as delta
                    ${rows('new_rows')}
                    union all
                    select (deposited_at at time zone 'UTC')::date, -1
                    ${rows('old_rows')}) changed
              group by day having sum(delta) <> 0) c;
      end if;
      if days is not null then
        perform hajj_queue_days_add(days, deltas);
      end if;
      return null;
    end $$`;
}

export async function up(knex: Knex): Promise<void> {
  for (const table of ['hajj_deposits', 'hajj_deposit_imports', 'hajj_caravans', 'hajj_rounds'])
    await knex.schema.alterTable(table, (t) => {
      t.text('kind').notNullable().defaultTo('hajj-tamattu').checkIn(KINDS, `${table}_kind_check`);
    });
  await knex.raw(
    `create index hajj_deposits_kind_queued_idx on hajj_deposits (kind, deposited_at, deposit_number) where status = 'queued'`,
  );
  await knex.raw('drop index hajj_deposits_queued_idx');
  await knex.raw(
    'create unique index hajj_deposits_national_code_kind_idx on hajj_deposits (national_code, kind)',
  );
  await knex.raw('drop index hajj_deposits_national_code_idx');
  await knex.raw('create index hajj_caravans_kind_idx on hajj_caravans (kind, province)');
  await knex.raw(queueDaysTrack(` and kind = 'hajj-tamattu'`));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(queueDaysTrack(''));
  await knex.raw('drop index if exists hajj_caravans_kind_idx');
  await knex.raw('create unique index hajj_deposits_national_code_idx on hajj_deposits (national_code)');
  await knex.raw('drop index hajj_deposits_national_code_kind_idx');
  await knex.raw(
    `create index hajj_deposits_queued_idx on hajj_deposits (deposited_at, deposit_number) where status = 'queued'`,
  );
  await knex.raw('drop index hajj_deposits_kind_queued_idx');
  for (const table of ['hajj_rounds', 'hajj_caravans', 'hajj_deposit_imports', 'hajj_deposits'])
    await knex.schema.alterTable(table, (t) => t.dropColumn('kind'));
}
