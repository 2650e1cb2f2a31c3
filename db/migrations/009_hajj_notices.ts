import type { Knex } from 'knex';

/**
 * The public notice board of call-up rounds: each round keeps the deposit date-time up to which it
 * called people, written when it is opened, so the look-up page reads a few round rows instead of
 * a round's hundred thousand members.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table hajj_rounds add column called_through timestamptz');
  await knex.raw(`
    update hajj_rounds r set called_through = m.last
    from (select rm.round_id, max(d.deposited_at) as last
          from hajj_round_members rm join hajj_deposits d on d.deposit_number = rm.deposit_number
          group by rm.round_id) m
    where m.round_id = r.id`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table hajj_rounds drop column called_through');
}
