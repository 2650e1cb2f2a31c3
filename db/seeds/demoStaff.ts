import argon2 from 'argon2';
import type { Db } from '..';
import { clearLoginThrottle } from '../queries/shared/loginThrottle';
import { createStaff } from '../queries/shared/staff';

/** The demo accounts of the embedded stack; a real deployment creates its admin with db/createAdmin. */
export const DEMO_ACCOUNTS = [
  { username: 'expert.tehran', fullName: 'مریم سلطانی', role: 'expert', province: 'tehran' },
  { username: 'supervisor.tehran', fullName: 'علی رضایی', role: 'supervisor', province: 'tehran' },
  { username: 'expert.isfahan', fullName: 'حسین کریمی', role: 'expert', province: 'isfahan' },
  { username: 'inspector', fullName: 'زهرا موسوی', role: 'inspector', province: null },
  { username: 'admin', fullName: 'مدیر سامانه', role: 'admin', province: null },
] as const;

/** Creates the demo accounts, or resets their password to the one given. */
export async function seedDemoStaff(db: Db, password: string): Promise<void> {
  const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
  for (const account of DEMO_ACCOUNTS) {
    const id = await createStaff(db, { ...account, passwordHash });
    await db('staff').where({ id }).update({ password_hash: passwordHash });
    await clearLoginThrottle(db, account.username);
  }
}
