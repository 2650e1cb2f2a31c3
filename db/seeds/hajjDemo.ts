import argon2 from 'argon2';
import { registryCheck, SimulatedRegistry } from '../../activities/integrations/registry';
import { nationalCodeFromSeed } from '../../domain/shared/nationalCode';
import type { Db } from '..';
import { importDeposits } from '../queries/hajj/deposits';

/** The embedded stack's Hajj demo: a caravan agent, caravans of two provinces and a short queue, and an Umrah caravan and queue. */
export const HAJJ_DEMO_AGENT = 'agent.tehran';
const DEMO_DEPOSITS = 50;
/** The demo's Umrah mofradeh queue (its own file and queue, issue 19). */
const DEMO_UMRAH_DEPOSITS = 10;

/** The demo queue's lines: the simulated registry knows every one; the first is easy to type. */
export function hajjDemoDepositLines(): string[] {
  return Array.from({ length: DEMO_DEPOSITS }, (_, i) => {
    const at = new Date(Date.UTC(2017, 0, 1 + i, 6, 30)).toISOString();
    return `${nationalCodeFromSeed(100_000 + i)},${1_396_000_000 + i},بانک ملی شعبه ${i + 1},${at},250000000`;
  });
}

/** The demo Umrah queue's lines: other people, other deposit numbers, a year later. */
export function umrahDemoDepositLines(): string[] {
  return Array.from({ length: DEMO_UMRAH_DEPOSITS }, (_, i) => {
    const at = new Date(Date.UTC(2018, 0, 1 + i, 6, 30)).toISOString();
    return `${nationalCodeFromSeed(100_500 + i)},${1_397_500_000 + i},بانک ملی شعبه ${i + 1},${at},150000000`;
  });
}

/** Creates the demo agent (or resets their password), two caravans per province shown, and the queue. */
export async function seedHajjDemo(db: Db, password: string, hashKey: string): Promise<void> {
  const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
  await db('staff')
    .insert({
      username: HAJJ_DEMO_AGENT,
      password_hash: passwordHash,
      full_name: 'کارگزار کاروان نور',
      role: 'agent',
      province: 'tehran',
    })
    .onConflict('username')
    .merge(['password_hash']);
  const agent = await db('staff').where({ username: HAJJ_DEMO_AGENT }).first('id');
  const year = new Date().getUTCFullYear() + 1;
  const caravans = [
    { code: 'TEH-101', name: 'کاروان نور', province: 'tehran', agent_staff_id: agent.id, rating: 4.6 },
    { code: 'TEH-102', name: 'کاروان زمزم', province: 'tehran', agent_staff_id: null, rating: 4.2 },
    { code: 'ISF-201', name: 'کاروان صفا', province: 'isfahan', agent_staff_id: null, rating: 4.8 },
  ];
  const umrahMonth = String(new Date().getUTCMonth() + 1).padStart(2, '0');
  await db('hajj_caravans')
    .insert(
      caravans.map((c) => ({
        ...c,
        agent_name: c.agent_staff_id ? 'کارگزار کاروان نور' : 'شرکت زیارتی نمونه',
        manager_name: 'مدیر کاروان',
        manager_phone: '02166554433',
        capacity: 45,
        price_rials: '1500000000',
        departs_from: `${year}-05-10`,
        departs_to: `${year}-05-20`,
        flight_date: `${year}-05-15`,
      })),
    )
    .onConflict('code')
    .ignore();
  // An Umrah mofradeh caravan of the same agent's, leaving next year in the same month (no Tashriq days).
  await db('hajj_caravans')
    .insert({
      code: 'TEH-301',
      name: 'کاروان عمره مروه',
      province: 'tehran',
      agent_staff_id: agent.id,
      rating: 4.4,
      kind: 'umrah',
      agent_name: 'کارگزار کاروان نور',
      manager_name: 'مدیر کاروان عمره',
      manager_phone: '02166554433',
      capacity: 40,
      price_rials: '600000000',
      departs_from: `${year}-${umrahMonth}-01`,
      departs_to: `${year}-${umrahMonth}-10`,
      flight_date: `${year}-${umrahMonth}-05`,
    })
    .onConflict('code')
    .ignore();
  // The demo slip's account: a well-formed IBAN of no one; headquarters replaces it in a real deployment.
  await db('settings')
    .insert([
      { key: 'hajjPaymentAccount', value: 'IR490170000000001234567890' },
      { key: 'hajjPaymentAccountHolder', value: 'سازمان حج و زیارت (نمونه)' },
    ])
    .onConflict('key')
    .ignore();
  await importDeposits(db, hajjDemoDepositLines(), {
    filename: 'demo.csv',
    staffId: null,
    confirm: registryCheck(new SimulatedRegistry()),
    hashKey,
  });
  await importDeposits(db, umrahDemoDepositLines(), {
    filename: 'demo-umrah.csv',
    staffId: null,
    confirm: registryCheck(new SimulatedRegistry()),
    hashKey,
    kind: 'umrah',
  });
}
