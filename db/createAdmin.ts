import { createInterface } from 'node:readline/promises';
import argon2 from 'argon2';
import { loadConfig } from '../config';
import { createDb } from './index';
import { migrateAndSeed } from './migrate';
import { audit } from './queries/shared/audit';

/**
 * Creates the first admin of a real deployment: `npm run admin:create -- <username> "<full name>"`.
 * The password is read from ADMIN_PASSWORD or asked for; it is never an argument (shell history).
 */
async function main() {
  const [username, fullName] = process.argv.slice(2);
  if (!username || !fullName) {
    console.error('usage: admin:create <username> "<full name>"  (password from ADMIN_PASSWORD or asked)');
    process.exit(2);
  }
  let password = process.env.ADMIN_PASSWORD;
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question('password (12 characters or more): ');
    rl.close();
  }
  if (password.length < 12) {
    console.error('the password must have 12 characters or more');
    process.exit(2);
  }
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL must be set');
  const db = createDb(config.databaseUrl);
  try {
    await migrateAndSeed(db);
    const [row] = await db('staff')
      .insert({
        username,
        full_name: fullName,
        role: 'admin',
        password_hash: await argon2.hash(password, { type: argon2.argon2id }),
      })
      .onConflict('username')
      .ignore()
      .returning('id');
    if (!row) {
      console.error(`an account named ${username} exists already`);
      process.exitCode = 1;
      return;
    }
    await audit(db, {
      actorStaffId: null,
      action: 'admin-created',
      target: username,
      details: { by: 'command line' },
    });
    console.log(`admin ${username} created`);
  } finally {
    await db.destroy();
  }
}

void main();
