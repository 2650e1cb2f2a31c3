import { ApplicationFailure } from '@temporalio/activity';
import knex from 'knex';
import type { Db } from '../../db';
import { createTestDb } from '../../test/support/db';
import { PERMANENT_FAILURE } from '../../workflows/shared/messages';
import { createActivities } from '../desk';
import { outboxOnly } from '../integrations/notifications';
import { SimulatedRegistry } from '../integrations/registry';

let testDb: Awaited<ReturnType<typeof createTestDb>>;

beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(() => testDb?.drop());

const activitiesOn = (db: Db) =>
  createActivities({
    db,
    registry: new SimulatedRegistry(),
    sms: outboxOnly,
    email: outboxOnly,
    publicUrl: 'http://x',
  });

async function failure(run: Promise<unknown>): Promise<unknown> {
  try {
    await run;
  } catch (err) {
    return err;
  }
  throw new Error('it succeeded');
}

describe('permanent database errors', () => {
  it('fail at once: a missing row and a constraint violation, without the statement’s values', async () => {
    const activities = activitiesOn(testDb.db);
    const missing = await failure(activities.loadCase('0000000000'));
    expect(missing).toBeInstanceOf(ApplicationFailure);
    expect(missing).toMatchObject({ nonRetryable: true, type: PERMANENT_FAILURE });

    const outOfRange = await failure(
      activities.checkAssignee({
        staffId: 2 ** 40,
        province: 'tehran',
        desk: 'province',
        confidential: false,
      }),
    );
    expect(outOfRange).toMatchObject({ nonRetryable: true, type: PERMANENT_FAILURE });
    expect((outOfRange as Error).message).toBe('checkAssignee: SQLSTATE 22003');
  });

  it('stay retryable when the database cannot be reached', async () => {
    const away = knex({
      client: 'pg',
      connection: 'postgres://nobody@127.0.0.1:1/none',
      pool: { min: 0, max: 1 },
    });
    try {
      const err = await failure(activitiesOn(away).loadCase('0000000000'));
      expect(err).not.toBeInstanceOf(ApplicationFailure);
    } finally {
      await away.destroy();
    }
  });
});
