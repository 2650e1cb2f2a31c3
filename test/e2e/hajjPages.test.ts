import { Client, Connection } from '@temporalio/client';
import type { StaffRole } from '../../domain/desk/caseStatus';
import { toPersianDigits } from '../../domain/shared/digits';
import { formatJalaliDateTime } from '../../domain/shared/jalali';
import {
  HAJJ_CONFIRM_MESSAGES,
  HAJJ_PAGE_MESSAGES,
  HAJJ_RECEIPT_TITLES,
  HAJJ_SETTLEMENT_REASONS,
  HAJJ_STAGE_LABELS,
} from '../../domain/hajj/copy';
import {
  addCaravan,
  addDeposits,
  depositLines,
  uploadDeposits,
  payByBank,
  registerPapers,
  terminateJourneys,
  typedJalali,
} from '../support/hajj';
import { eventually, hiddenValue, WebClient } from '../support/http';
import { freePort } from '../support/ports';
import {
  createStaffAccount,
  staffLogin,
  staffPost,
  startTestSystem,
  type TestSystem,
} from '../support/system';
import { startWeb } from '../../web/server';

let system: TestSystem;

const flightDate = async (caravanId: number): Promise<string> =>
  (
    await system
      .db('hajj_caravans')
      .where({ id: caravanId })
      .first(system.db.raw(`to_char(flight_date, 'YYYY-MM-DD') as d`))
  ).d;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  // Journeys left waiting would outlive the test file on the shared dev server.
  if (!system) return;
  const connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
  const client = new Client({ connection });
  await terminateJourneys(system.db, client);
  await connection.close();
  await system.close();
});

describe('Hajj pages', () => {
  it('import, round, queue look-up, online booking, steps at the caravan, cancellation receipt', async () => {
    const hq = await staffLogin(system, 'admin', null);
    const agent = await staffLogin(system, 'agent' as StaffRole, 'tehran');
    const otherAgent = await staffLogin(system, 'agent' as StaffRole, 'tehran');
    expect((await agent.client.get('/staff/inbox')).location).toBe('/staff/hajj');

    // Headquarters imports the bank's file (twice: nothing changes the second time), by workflow.
    const lines = depositLines(4, new Date('2005-01-01T00:00:00Z'));
    const upload = () => uploadDeposits(hq.client, [...lines, 'bad,row'].join('\n'));
    const first = await upload();
    expect(first.status).toBe(200);
    expect(first.html).toContain('id="import-inserted">۴<');
    expect(first.html).toContain('id="import-rejected">۱<');
    expect(first.html).toContain('ردیف ۵');
    const second = await upload();
    expect(second.html).toContain('id="import-inserted">۰<');
    expect(second.html).toContain('id="import-duplicates">۴<');
    expect((await hq.client.get('/staff/hajj')).html).toContain('id="hajj-imports"');

    const caravanId = await addCaravan(system.db, {
      agentStaffId: agent.id,
      capacity: 2,
      name: 'کاروان نور',
    });
    await addCaravan(system.db, { agentStaffId: otherAgent.id, capacity: 2 });

    // Before the round: the pilgrim sees their place in the queue.
    const [nationalCode, depositNumber] = lines[1].split(',');
    const citizen = new WebClient(system.baseUrl);
    const lookup = async () => {
      const form = await citizen.get('/hajj');
      expect(form.html).toContain(HAJJ_PAGE_MESSAGES.depositsPaused);
      return citizen.post('/hajj', { _csrf: hiddenValue(form.html, '_csrf'), nationalCode, depositNumber });
    };
    expect((await lookup()).location).toBe('/hajj/journey');
    expect((await citizen.get('/hajj')).html).not.toContain(HAJJ_PAGE_MESSAGES.noticesTitle);
    const queued = (await citizen.get('/hajj/journey')).html;
    expect(queued).toContain(`id="queue-position">${toPersianDigits(2)}<`);
    // The bank's branch as the file gave it, in Persian digits like the rest of the page.
    expect(queued).toContain(`<dd>${toPersianDigits(lines[1].split(',')[2])}</dd>`);
    const wrong = await citizen.post('/hajj', {
      _csrf: hiddenValue((await citizen.get('/hajj')).html, '_csrf'),
      nationalCode: lines[0].split(',')[0],
      depositNumber,
    });
    expect(wrong.status).toBe(404);

    // Headquarters opens a round for the first three in the queue.
    const opened = await staffPost(hq.client, '/staff/hajj', '/staff/hajj/rounds', {
      size: '3',
      key: 'round-1',
    });
    const roundId = (await system.db('hajj_rounds').where({ idempotency_key: 'round-1' }).first('id')).id;
    // Its own message: the round, how many were called and how many get the SMS (the file has mobiles).
    expect(opened.html).toContain(HAJJ_CONFIRM_MESSAGES.roundOpened(toPersianDigits(roundId), '۳', '۳'));
    const again = await staffPost(hq.client, '/staff/hajj', '/staff/hajj/rounds', {
      size: '3',
      key: 'round-1',
    });
    expect(again.status).toBe(200);
    await eventually(
      () => system.db('hajj_journeys').where({ stage: 'booking' }).count({ n: '*' }),
      (rows) => Number(rows[0].n) === 3,
    );
    expect(await system.db('hajj_round_members').count({ n: '*' })).toEqual([{ n: '3' }]);
    // The public notice board: everyone who deposited up to the third deposit has been called.
    const board = (await new WebClient(system.baseUrl).get('/hajj')).html;
    expect(board).toContain(HAJJ_PAGE_MESSAGES.noticesTitle);
    expect(board).toContain(
      HAJJ_PAGE_MESSAGES.roundNotice(
        toPersianDigits(3),
        formatJalaliDateTime(new Date(lines[2].split(',')[3])),
      ),
    );

    // The pilgrim books online among the province's caravans.
    await lookup();
    const journey = await citizen.get('/hajj/journey');
    expect(journey.html).toContain(HAJJ_STAGE_LABELS.booking);
    const list = await citizen.get('/hajj/caravans?province=tehran');
    expect(list.html).toContain('کاروان نور');
    // The list leads to the confirmation, which sends the booking.
    const confirm = await citizen.get(`/hajj/book?caravanId=${caravanId}&province=tehran`);
    const booked = await citizen.post('/hajj/book', {
      _csrf: hiddenValue(confirm.html, '_csrf'),
      caravanId: String(caravanId),
      province: 'tehran',
    });
    expect(booked.location).toBe('/hajj/journey?notice=booked');
    const bookedPage = (await citizen.get('/hajj/journey')).html;
    expect(bookedPage).toContain('کاروان نور');
    // The caravan's trip services: the guide's list until its agent enters them, then theirs.
    expect(bookedPage).toContain('id="trip-services-none"');
    await system
      .db('hajj_trip_services')
      .insert({ caravan_id: caravanId, kind: 'tashriq', what: 'اتوبوس منا به عرفات', contact: '۰۹۱۲' });
    const withServices = (await citizen.get('/hajj/journey')).html;
    expect(withServices).toContain('id="trip-services"');
    expect(withServices).toContain('اتوبوس منا به عرفات');

    // The agent of another caravan cannot see this pilgrim; the caravan's agent records the steps.
    expect((await otherAgent.client.get(`/staff/hajj/pilgrims/${depositNumber}`)).status).toBe(404);
    const pilgrimPage = `/staff/hajj/pilgrims/${depositNumber}`;
    const docs = await registerPapers(agent.client, depositNumber, await flightDate(caravanId));
    expect(docs.status).toBe(200);
    expect((await payByBank(system.db, hq.client, depositNumber)).status).toBe(200);
    expect((await agent.client.get(pilgrimPage)).html).toContain(HAJJ_STAGE_LABELS.medical);

    const cancelled = await staffPost(agent.client, pilgrimPage, `${pilgrimPage}/cancel`, {});
    expect(cancelled.html).toContain(HAJJ_STAGE_LABELS.cancelled);
    expect(cancelled.html).toContain(`id="receipt-reason">${HAJJ_SETTLEMENT_REASONS.cancelled}<`);
    const receipt = await citizen.get('/hajj/receipt');
    expect(receipt.status).toBe(200);
    expect(receipt.html).toContain(HAJJ_RECEIPT_TITLES.cancelled);
    expect(receipt.html).toContain(`id="receipt-reason">${HAJJ_SETTLEMENT_REASONS.cancelled}<`);
    expect(receipt.html).toContain('id="refund">۱٬۲۵۰٬۰۰۰٬۰۰۰<');
    expect(receipt.html).toContain('id="blocked">۲۵۰٬۰۰۰٬۰۰۰<');
    expect(receipt.html).toContain('id="paid">۱٬۵۰۰٬۰۰۰٬۰۰۰<');
    expect((await citizen.get('/hajj/journey')).html).toContain(
      `id="settlement-reason">${HAJJ_SETTLEMENT_REASONS.cancelled}<`,
    );
    expect((await system.db('hajj_caravans').where({ id: caravanId }).first('seats_taken')).seats_taken).toBe(
      0,
    );

    const audited = await system.db('audit_log').where('action', 'like', 'hajj-%').pluck('action');
    expect(audited).toEqual(
      expect.arrayContaining(['hajj-import', 'hajj-round-opened', 'hajj-step-documents', 'hajj-cancel']),
    );

    // The place given up before the visa request calls the fourth in the queue, in a round of its own.
    const fourth = lines[3].split(',')[1];
    await eventually(
      () => system.db('hajj_journeys').where({ deposit_number: fourth }).first('stage'),
      (j) => j?.stage === 'booking',
    );
    const rounds = await hq.client.get('/staff/hajj');
    expect(rounds.html).toContain(HAJJ_PAGE_MESSAGES.replacementRound(toPersianDigits(depositNumber)));
    expect(rounds.html).toContain('class="replacement-round"');
  });

  it('settles an unfit medical result: the receipt says why, on the citizen’s and the staff pages', async () => {
    const hq = await staffLogin(system, 'admin', null);
    const agent = await staffLogin(system, 'agent' as StaffRole, 'tehran');
    // The earliest depositor of the file: the head of the queue.
    const [line] = depositLines(1, new Date('2003-01-01T00:00:00Z'));
    const [nationalCode, depositNumber] = line.split(',');
    expect((await uploadDeposits(hq.client, line)).html).toContain('id="import-inserted">۱<');
    const caravanId = await addCaravan(system.db, { agentStaffId: agent.id, capacity: 2 });
    await staffPost(hq.client, '/staff/hajj', '/staff/hajj/rounds', { size: '1', key: 'round-unfit' });
    await eventually(
      () => system.db('hajj_journeys').where({ deposit_number: depositNumber }).first('stage'),
      (j) => j?.stage === 'booking',
    );

    const pilgrimPage = `/staff/hajj/pilgrims/${depositNumber}`;
    const officeBooking = await staffPost(agent.client, '/staff/hajj', '/staff/hajj/office-booking', {
      nationalCode,
      depositNumber,
      caravanId: String(caravanId),
    });
    expect(officeBooking.location).toBe(pilgrimPage);
    await registerPapers(agent.client, depositNumber, await flightDate(caravanId));
    await payByBank(system.db, hq.client, depositNumber);
    const unfit = await staffPost(agent.client, pilgrimPage, `${pilgrimPage}/registration/medical`, {
      medical: 'unfit',
      examinedOn: typedJalali(new Date().toISOString().slice(0, 10)),
    });
    expect(unfit.status).toBe(200);
    expect(unfit.html).toContain(HAJJ_STAGE_LABELS.unfit);
    expect(unfit.html).toContain(`id="receipt-reason">${HAJJ_SETTLEMENT_REASONS.medical}<`);
    expect(unfit.html).toContain('id="refund">۱٬۲۵۰٬۰۰۰٬۰۰۰<');
    // Headquarters sees it too, with the national code masked.
    expect((await hq.client.get(pilgrimPage)).html).toContain(
      `id="receipt-reason">${HAJJ_SETTLEMENT_REASONS.medical}<`,
    );

    const citizen = new WebClient(system.baseUrl);
    const lookupForm = await citizen.get('/hajj');
    await citizen.post('/hajj', {
      _csrf: hiddenValue(lookupForm.html, '_csrf'),
      nationalCode,
      depositNumber,
    });
    const journey = await citizen.get('/hajj/journey');
    expect(journey.html).toContain(HAJJ_STAGE_LABELS.unfit);
    expect(journey.html).toContain(`id="settlement-reason">${HAJJ_SETTLEMENT_REASONS.medical}<`);
    expect(journey.html).toContain('id="settlement-refund">۱٬۲۵۰٬۰۰۰٬۰۰۰<');
    expect(journey.html).toContain('id="cancellation-receipt"');
    const receipt = await citizen.get('/hajj/receipt');
    expect(receipt.status).toBe(200);
    expect(receipt.html).toContain(HAJJ_RECEIPT_TITLES.medical);
    expect(receipt.html).not.toContain(HAJJ_RECEIPT_TITLES.cancelled);
    expect(receipt.html).toContain(`id="receipt-reason">${HAJJ_SETTLEMENT_REASONS.medical}<`);
    expect(receipt.html).toContain(`id="receipt-number">${toPersianDigits(`HR${depositNumber}`)}<`);
    expect(receipt.html).toContain('id="paid">۱٬۵۰۰٬۰۰۰٬۰۰۰<');
    expect(receipt.html).toContain('id="blocked">۲۵۰٬۰۰۰٬۰۰۰<');
    expect(receipt.html).toContain('id="refund">۱٬۲۵۰٬۰۰۰٬۰۰۰<');
  });

  it('lets only headquarters switch automatic replacement, audited', async () => {
    const hq = await staffLogin(system, 'admin', null);
    const setting = async () =>
      (await system.db('settings').where({ key: 'hajjAutoReplacement' }).first('value'))?.value;
    expect(await setting()).toBe('true');
    expect((await hq.client.get('/staff/hajj')).html).toContain(HAJJ_PAGE_MESSAGES.autoReplacementOn);

    // With a valid token from their own Hajj page: refused for the role, not for the form.
    for (const role of ['supervisor', 'agent'] as StaffRole[]) {
      const other = await staffLogin(system, role, 'tehran');
      const refused = await staffPost(other.client, '/staff/hajj', '/staff/hajj/auto-replacement', {
        on: 'false',
      });
      expect(refused.status).toBe(403);
    }
    expect(await setting()).toBe('true');

    const off = await staffPost(hq.client, '/staff/hajj', '/staff/hajj/auto-replacement', { on: 'false' });
    expect(off.location).toBe('/staff/hajj');
    expect(await setting()).toBe('false');
    expect((await hq.client.get('/staff/hajj')).html).toContain(HAJJ_PAGE_MESSAGES.autoReplacementOff);
    await staffPost(hq.client, '/staff/hajj', '/staff/hajj/auto-replacement', { on: 'true' });
    expect(await setting()).toBe('true');
    const audited = await system
      .db('audit_log')
      .where({ action: 'hajj-auto-replacement', actor_staff_id: hq.id })
      .orderBy('id')
      .pluck('details');
    expect(audited).toEqual([{ on: false }, { on: true }]);
  });

  it('opens a round while the engine is away: the page says so, and the relay calls the pilgrims later', async () => {
    const deposits = await addDeposits(system.db, 2, new Date('1999-01-01T00:00:00Z'));
    // A web whose engine cannot be reached, on the same database as the running worker.
    const offline = await startWeb(
      { ...system.config, temporal: { ...system.config.temporal, address: `127.0.0.1:${await freePort()}` } },
      system.db,
      { embedded: true, host: '127.0.0.1' },
    );
    try {
      const { username, password } = await createStaffAccount(system.db, 'admin', null);
      const hq = new WebClient(offline.url);
      await hq.post('/staff/login', {
        _csrf: hiddenValue((await hq.get('/staff/login')).html, '_csrf'),
        username,
        password,
      });
      const opened = await staffPost(hq, '/staff/hajj', '/staff/hajj/rounds', { size: '2', key: 'offline' });
      expect(opened.status).toBe(200);
      expect(opened.html).toContain(HAJJ_PAGE_MESSAGES.roundStartsLater);
      const round = await system
        .db('hajj_rounds')
        .where({ idempotency_key: 'offline' })
        .first('id', 'called');
      expect(round.called).toBe(2);
      expect(
        await system.db('audit_log').where({ action: 'hajj-round-opened', target: String(round.id) }),
      ).toHaveLength(1);
    } finally {
      await offline.close();
    }
    // The worker's relay, connected to the engine, starts the round's workflow.
    await eventually(
      () => system.db('hajj_journeys').whereIn('deposit_number', deposits).where({ stage: 'booking' }),
      (rows) => rows.length === 2,
    );
  });

  it('keeps staff pages to their roles', async () => {
    const expert = await staffLogin(system, 'expert', 'tehran');
    expect((await expert.client.get('/staff/hajj')).status).toBe(403);
    const supervisor = await staffLogin(system, 'supervisor', 'tehran');
    const refused = await staffPost(supervisor.client, '/staff/hajj', '/staff/hajj/rounds', {
      size: '1',
      key: 'x',
    });
    expect(refused.status).toBe(403);
    expect((await new WebClient(system.baseUrl).get('/hajj/journey')).location).toBe('/hajj');
  });
});
