import { addBusinessDays, isBusinessDay, tehranDateKey } from '../../domain/shared/businessCalendar';
import { formatJalaliDate, gregorianToJalali } from '../../domain/shared/jalali';
import { loadCalendarSettings } from '../../db/queries/shared/calendar';
import { submitCase } from '../support/generators';
import { eventually } from '../support/http';
import { routedCase, staffLogin, staffPost, startTestSystem, type TestSystem } from '../support/system';

/**
 * A holiday an admin adds or removes through the admin page reaches live cases: the web signals
 * every routed case due after the day, and each workflow counts its running deadline again.
 */
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
}, 60_000);
afterAll(() => system?.close());

const dueOf = async (code: string): Promise<Date> =>
  (await system.db('cases').where({ tracking_code: code }).first('due_at')).due_at;

it('moves a routed case’s deadline one business day on for a new holiday, and back when it is removed', async () => {
  const admin = await staffLogin(system, 'admin', null);
  const code = await submitCase(system.db);
  await routedCase(system.db, code);
  const due = await dueOf(code);

  const calendar = await loadCalendarSettings(system.db, due);
  let day = new Date(due.getTime() - 86_400_000);
  while (!isBusinessDay(day, calendar)) day = new Date(day.getTime() - 86_400_000);
  expect(day.getTime()).toBeGreaterThan(Date.now());
  const [y, m, d] = tehranDateKey(day).split('-').map(Number);
  const jalaliDay = formatJalaliDate(gregorianToJalali(y, m, d));

  const added = await staffPost(admin.client, '/staff/admin/holidays', '/staff/admin/holidays', {
    op: 'add',
    date: jalaliDay,
    title: 'تعطیلی اعلام شده',
  });
  expect(added.status).toBe(303);
  const later = addBusinessDays(due, 1, await loadCalendarSettings(system.db, due));
  await eventually(
    () => dueOf(code),
    (at) => at.getTime() === later.getTime(),
  );
  const events = await system
    .db('case_events as e')
    .join('cases as c', 'c.id', 'e.case_id')
    .where('c.tracking_code', code)
    .pluck('e.kind');
  expect(events).toContain('deadline-recounted');

  const removed = await staffPost(admin.client, '/staff/admin/holidays', '/staff/admin/holidays', {
    op: 'remove',
    date: jalaliDay,
  });
  expect(removed.status).toBe(303);
  await eventually(
    () => dueOf(code),
    (at) => at.getTime() === due.getTime(),
  );
  const audited = await system
    .db('audit_log')
    .where({ actor_staff_id: admin.id })
    .whereIn('action', ['holiday-add', 'holiday-remove'])
    .pluck('action');
  expect(audited.sort()).toEqual(['holiday-add', 'holiday-remove']);
});

it('refuses a malformed holiday with a Persian message and changes nothing', async () => {
  const admin = await staffLogin(system, 'admin', null);
  const before = await system.db('holidays').count({ n: '*' }).first();
  const res = await staffPost(admin.client, '/staff/admin/holidays', '/staff/admin/holidays', {
    op: 'add',
    date: '۱۴۰۵/۱۳/۴۰',
    title: 'نادرست',
  });
  expect(res.status).toBe(422);
  expect(res.html).toContain('تاریخ معتبر نیست');
  expect(await system.db('holidays').count({ n: '*' }).first()).toEqual(before);
});
