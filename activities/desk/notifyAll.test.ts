import { createActivities } from '.';
import { outboxOnly, type NotificationChannel } from '../integrations/notifications';
import { SimulatedRegistry } from '../integrations/registry';
import { createTestDb } from '../../test/support/db';
import { addStaff, submitCase } from '../../test/support/generators';

let testDb: Awaited<ReturnType<typeof createTestDb>>;

beforeAll(async () => {
  testDb = await createTestDb();
});

afterAll(async () => {
  await testDb?.drop();
});

/**
 * The notices of one step go in one activity (`case-lean-steps`): one that fails does not stop the
 * others, and the retry sends only what the first attempt did not deliver (each keeps its key).
 */
it('sends every notice of a step, and a retry only the one not yet delivered', async () => {
  const { db } = testDb;
  const expert = await addStaff(db, 'expert');
  const trackingCode = await submitCase(db, { email: null });
  const sent: string[] = [];
  let smsDown = true;
  const sms: NotificationChannel = {
    send: async (n) => {
      if (smsDown) throw new Error('gateway away');
      sent.push(n.dedupeKey);
    },
  };
  const activities = createActivities({
    db,
    registry: new SimulatedRegistry(),
    sms,
    email: outboxOnly,
    publicUrl: 'http://localhost',
  });
  const notices = [
    { to: 'citizen' as const, kind: 'received' as const, key: `${trackingCode}:received` },
    {
      to: 'staff' as const,
      notice: { kind: 'assigned' as const, staffId: expert },
      key: `${trackingCode}:assigned:3`,
    },
  ];
  await expect(activities.notifyAll(trackingCode, notices)).rejects.toThrow('gateway away');
  // The staff member's notice went out although the citizen's SMS failed.
  const inbox = `${trackingCode}:assigned:3:staff:${expert}`;
  expect(await db('notifications').where({ dedupe_key: inbox }).first('sent_at')).toMatchObject({
    sent_at: expect.any(Date),
  });

  smsDown = false;
  await activities.notifyAll(trackingCode, notices);
  await activities.notifyAll(trackingCode, notices);
  expect(sent).toEqual([`${trackingCode}:received:sms`]);
  const keys = await db('notifications')
    .where({ tracking_code: trackingCode })
    .orderBy('id')
    .pluck('dedupe_key');
  expect(keys.filter((k: string) => k === inbox)).toHaveLength(1);
  expect(keys).toContain(`${trackingCode}:received:sms`);
});
