import type { Db } from '../..';

/**
 * So many failed logins of one username within the window lock it for a while; counted from one
 * address, or (`perAddress: false`) from all addresses together.
 */
export interface ThrottleRule {
  perAddress: boolean;
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
}

/** The address column of the count over all addresses. */
const ALL_ADDRESSES = '';
/** Rows older than this have neither a running window nor a lock (both are far shorter). */
const FORGET_AFTER = '1 day';

function addressOf(perAddress: boolean, address: string): string {
  // A request's address is never empty; the fallback keeps it apart from the all-addresses row.
  return perAddress ? address || 'unknown' : ALL_ADDRESSES;
}

/** Whether any rule holds this username (from this address) locked now. */
export async function loginLocked(
  db: Db,
  rules: readonly ThrottleRule[],
  username: string,
  address: string,
): Promise<boolean> {
  const row = await db('login_throttle')
    .where({ username })
    .whereIn(
      'address',
      rules.map((rule) => addressOf(rule.perAddress, address)),
    )
    .where('locked_until', '>', db.fn.now())
    .first('username');
  return Boolean(row);
}

/**
 * Counts one failure under each rule. The count that reaches a rule's limit locks it and starts
 * counting again from zero, so failures while locked (which are not counted) cannot extend a lock.
 */
export async function recordLoginFailure(
  db: Db,
  rules: readonly ThrottleRule[],
  username: string,
  address: string,
): Promise<void> {
  await db('login_throttle')
    .where('window_started_at', '<', db.raw(`now() - interval '${FORGET_AFTER}'`))
    .del();
  for (const rule of rules) {
    const stale = 't.window_started_at <= now() - make_interval(mins => :windowMinutes)';
    const next = `(case when ${stale} then 1 else t.failures + 1 end)`;
    await db.raw(
      `insert into login_throttle as t (username, address, failures, window_started_at, locked_until)
       values (:username, :address,
               case when 1 >= :maxFailures then 0 else 1 end, now(),
               case when 1 >= :maxFailures then now() + make_interval(mins => :lockMinutes) end)
       on conflict (username, address) do update set
         failures = case when ${next} >= :maxFailures then 0 else ${next} end,
         window_started_at = case when ${stale} or ${next} >= :maxFailures then now() else t.window_started_at end,
         locked_until = case when ${next} >= :maxFailures then now() + make_interval(mins => :lockMinutes)
                             else t.locked_until end`,
      {
        username,
        address: addressOf(rule.perAddress, address),
        maxFailures: rule.maxFailures,
        windowMinutes: rule.windowMinutes,
        lockMinutes: rule.lockMinutes,
      },
    );
  }
}

/** A good login forgives the failures from its own address; the count over all addresses stays. */
export async function clearAddressFailures(db: Db, username: string, address: string): Promise<void> {
  await db('login_throttle')
    .where({ username, address: addressOf(true, address) })
    .del();
}

/** A new password lifts every lock of the account. */
export async function clearLoginThrottle(db: Db, username: string): Promise<void> {
  await db('login_throttle').where({ username }).del();
}
