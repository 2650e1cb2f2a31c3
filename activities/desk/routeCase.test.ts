import { createActivities } from '.';
import { outboxOnly } from '../integrations/notifications';
import { SimulatedRegistry } from '../integrations/registry';
import type { CaseSnapshot } from '../../db/queries/desk/projection';
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
 * A routing step retried after its first attempt wrote the 'routed' entry (the worker died before
 * Temporal recorded the result) returns the handler that entry names, not whoever is least loaded
 * now: the workflow and the case row must agree on who holds the case.
 */
it('keeps the first attempt’s assignee when the routing step is retried', async () => {
  const { db } = testDb;
  const activities = createActivities({
    db,
    registry: new SimulatedRegistry(),
    sms: outboxOnly,
    email: outboxOnly,
    publicUrl: 'http://localhost',
  });
  // Only this province's experts count: one of our own, so the first attempt picks it.
  await db('staff').where({ province: 'qom', role: 'expert' }).update({ active: false });
  const first = await addStaff(db, 'expert', 'qom');
  const trackingCode = await submitCase(db, { province: 'qom' });
  const snapshot: CaseSnapshot = {
    status: 'routed',
    province: 'qom',
    desk: 'province',
    assignedTo: null,
    escalationLevel: 0,
    dueAt: null,
    answeredAt: null,
    answeredBy: null,
    closedAt: null,
  };
  const at = new Date().toISOString();
  const step = {
    routing: { province: 'qom', desk: 'province' as const },
    from: at,
    businessDays: 3,
    before: [],
    routed: { trackingCode, seq: 2, kind: 'routed', public: true, at, snapshot },
  };
  expect((await activities.routeCase(step)).assignee).toBe(first);

  // Before the retry the loads change: the first expert leaves, another arrives.
  await db('staff').where({ id: first }).update({ active: false });
  const second = await addStaff(db, 'expert', 'qom');
  expect(await activities.assignHandler(step.routing)).toBe(second);

  const retried = await activities.routeCase(step);
  expect(retried.assignee).toBe(first);
  expect(await db('cases').where({ tracking_code: trackingCode }).first('assigned_to')).toEqual({
    assigned_to: first,
  });
});
