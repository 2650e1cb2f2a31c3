import { Client, Connection } from '@temporalio/client';
import type { StaffRole } from '../../domain/desk/caseStatus';
import {
  HAJJ_ADMIN_MESSAGES,
  HAJJ_CONFIRM_MESSAGES,
  HAJJ_FIELD_ERRORS,
  HAJJ_STEP_LABELS,
} from '../../domain/hajj/copy';
import { toPersianDigits } from '../../domain/shared/digits';
import { formatJalaliDate, gregorianToJalali } from '../../domain/shared/jalali';
import { importDeposits } from '../../db/queries/hajj/deposits';
import { registryCheck, SimulatedRegistry } from '../../activities/integrations/registry';
import { addCaravan, depositLines, payByBank, registerPapers, terminateJourneys } from '../support/hajj';
import { eventually, hiddenValue, WebClient } from '../support/http';
import { staffLogin, staffPost, startTestSystem, type TestSystem } from '../support/system';

/**
 * The Hajj forms at the request level: every number in any digits, every date Jalali (a Gregorian
 * one refused in Persian, nothing stored), and the confirmation steps before money moves or many
 * people are called, each showing what will happen before it happens.
 */
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  if (!system) return;
  const connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
  const client = new Client({ connection });
  await terminateJourneys(system.db, client);
  await connection.close();
  await system.close();
});

/** The Jalali date (Persian digits) of a Gregorian day `days` after `from`. */
function jalaliAfter(from: Date, days: number): string {
  const d = new Date(from.getTime() + days * 86_400_000);
  return formatJalaliDate(gregorianToJalali(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));
}

const count = async (table: string) => Number((await system.db(table).count({ n: '*' }))[0].n);

describe('Hajj staff forms', () => {
  it('creates a caravan from Jalali dates and Persian digits; refuses a Gregorian date in Persian', async () => {
    const hq = await staffLogin(system, 'admin', null);
    const good = {
      code: 'C-JALALI',
      name: 'کاروان مهر',
      province: 'tehran',
      agentName: 'کارگزار',
      managerName: 'مدیر',
      managerPhone: '۰۹۱۲-۳۴۵-۶۷۸۹',
      price: '۱٬۵۰۰٬۰۰۰٬۰۰۰',
      capacity: '٤٠',
      departsFrom: '۱۴۰۹/۰۲/۱۵',
      departsTo: '1409-02-25',
      flightDate: '۱۴۰۹/۰۲/۲۰',
    };
    const before = await count('hajj_caravans');
    for (const bad of [{ departsFrom: '2030-05-05' }, { flightDate: '۲۰۳۰-۰۵-۱۰' }]) {
      const refused = await staffPost(hq.client, '/staff/hajj', '/staff/hajj/caravans', { ...good, ...bad });
      expect(refused.status).toBe(422);
      expect(refused.html).toContain(HAJJ_FIELD_ERRORS.gregorianDate);
      expect(refused.html).toContain('id="error-summary"');
      // What was typed comes back in the form.
      expect(refused.html).toContain('value="کاروان مهر"');
    }
    const noProvince = await staffPost(hq.client, '/staff/hajj', '/staff/hajj/caravans', {
      ...good,
      province: 'atlantis',
    });
    expect(noProvince.status).toBe(422);
    expect(noProvince.html).toContain(HAJJ_FIELD_ERRORS.province);
    const landline = await staffPost(hq.client, '/staff/hajj', '/staff/hajj/caravans', {
      ...good,
      managerPhone: '۰۲۱۶۶۵۵۴۴۳۳',
    });
    expect(landline.status).toBe(422);
    expect(landline.html).toContain(HAJJ_ADMIN_MESSAGES.managerPhone);
    expect(landline.html).toContain('href="#cv-manager-phone"');
    expect(await count('hajj_caravans')).toBe(before);

    const created = await staffPost(hq.client, '/staff/hajj', '/staff/hajj/caravans', good);
    expect(created.status).toBe(303);
    const row = await system
      .db('hajj_caravans')
      .where({ code: 'C-JALALI' })
      .first(
        'capacity',
        'manager_phone as phone',
        system.db.raw('price_rials::text as price'),
        system.db.raw(`to_char(departs_from, 'YYYY-MM-DD') as "from"`),
        system.db.raw(`to_char(departs_to, 'YYYY-MM-DD') as "to"`),
        system.db.raw(`to_char(flight_date, 'YYYY-MM-DD') as flight`),
      );
    // 1409/02/15 is 5 May 2030.
    expect(row).toEqual({
      capacity: 40,
      phone: '09123456789',
      price: '1500000000',
      from: '2030-05-05',
      to: '2030-05-15',
      flight: '2030-05-10',
    });
    // The caravans' table names the province, never its code.
    const page = (await hq.client.get('/staff/hajj')).html;
    expect(page).toContain('>تهران<');
    expect(page).not.toMatch(/>tehran</);
  });

  it('a round: its size in Persian digits, a confirmation that counts who is called and texted', async () => {
    const hq = await staffLogin(system, 'admin', null);
    const agent = await staffLogin(system, 'agent' as StaffRole, 'tehran');
    const lines = depositLines(3, new Date('2001-01-01T00:00:00Z'));
    // The third has no mobile number: called, but not texted.
    lines[2] = lines[2].split(',').slice(0, 5).join(',');
    await importDeposits(system.db, lines, {
      filename: 'f.csv',
      staffId: null,
      confirm: registryCheck(new SimulatedRegistry()),
      hashKey: system.config.nationalCodeHashKey,
    });

    const refused = await hq.client.get('/staff/hajj/rounds/confirm?size=three');
    expect(refused.status).toBe(422);
    expect(refused.html).toContain(HAJJ_FIELD_ERRORS.wholeNumber);
    expect(refused.html).toContain('href="#round-size"');

    const confirm = await hq.client.get(`/staff/hajj/rounds/confirm?size=${encodeURIComponent('۳')}`);
    expect(confirm.status).toBe(200);
    expect(confirm.html).toContain('id="round-called">۳<');
    expect(confirm.html).toContain('id="round-texted">۲<');
    // Nothing happens before the confirmation.
    expect(await count('hajj_rounds')).toBe(0);
    const opened = await hq.client.post('/staff/hajj/rounds', {
      _csrf: hiddenValue(confirm.html, '_csrf'),
      key: hiddenValue(confirm.html, 'key'),
      size: hiddenValue(confirm.html, 'size'),
    });
    expect(opened.status).toBe(200);
    const round = await system.db('hajj_rounds').first('id', 'called');
    expect(round.called).toBe(3);
    expect(opened.html).toContain(HAJJ_CONFIRM_MESSAGES.roundOpened(toPersianDigits(round.id), '۳', '۲'));
    // The POST itself takes «۳» too.
    const direct = await staffPost(hq.client, '/staff/hajj', '/staff/hajj/rounds', {
      size: '۳',
      key: 'again',
    });
    expect(direct.status).toBe(200);
    expect(direct.html).not.toContain(HAJJ_FIELD_ERRORS.wholeNumber);

    // The pilgrim confirms the booking after seeing the caravan, its price, the deposit and the rest.
    const caravanId = await addCaravan(system.db, { agentStaffId: agent.id, name: 'کاروان نور' });
    const [nationalCode, depositNumber] = lines[0].split(',');
    await eventually(
      () => system.db('hajj_journeys').where({ deposit_number: depositNumber }).first('stage'),
      (j) => j?.stage === 'booking',
    );
    const citizen = new WebClient(system.baseUrl);
    const lookup = await citizen.get('/hajj');
    await citizen.post('/hajj', { _csrf: hiddenValue(lookup.html, '_csrf'), nationalCode, depositNumber });
    const list = await citizen.get('/hajj/caravans?province=tehran');
    expect(list.html).toContain(`href="/hajj/book?caravanId=${caravanId}&amp;province=tehran"`);
    const book = await citizen.get(`/hajj/book?caravanId=${caravanId}&province=tehran`);
    expect(book.status).toBe(200);
    expect(book.html).toContain('id="confirm-caravan">کاروان نور');
    expect(book.html).toContain('id="confirm-price">۱٬۵۰۰٬۰۰۰٬۰۰۰<');
    expect(book.html).toContain('id="confirm-deposit">۲۵۰٬۰۰۰٬۰۰۰<');
    expect(book.html).toContain('id="confirm-due">۱٬۲۵۰٬۰۰۰٬۰۰۰<');
    expect(await count('hajj_bookings')).toBe(0);
    expect((await citizen.get('/hajj/book?caravanId=999999')).location).toBe('/hajj/caravans?province=');
    const booked = await citizen.post('/hajj/book', {
      _csrf: hiddenValue(book.html, '_csrf'),
      caravanId: hiddenValue(book.html, 'caravanId'),
      province: hiddenValue(book.html, 'province'),
    });
    expect(booked.location).toBe('/hajj/journey?notice=booked');

    // The agent: a Gregorian passport date is refused in Persian, Jalali ones in Persian digits
    // accepted; headquarters' slip is paid by the bank's file.
    const pilgrimPage = `/staff/hajj/pilgrims/${depositNumber}`;
    const flight = (await system.db('hajj_caravans').where({ id: caravanId }).first('flight_date'))
      .flight_date as Date;
    const identity = {
      birthCertificateNumber: '۱۲۳۴',
      passportNumber: 'A12345678',
      passportIssuedOn: jalaliAfter(flight, -400),
    };
    const gregorian = await staffPost(agent.client, pilgrimPage, `${pilgrimPage}/identity`, {
      ...identity,
      passportExpiresOn: new Date(flight.getTime() + 400 * 86_400_000).toISOString().slice(0, 10),
    });
    expect(gregorian.status).toBe(422);
    expect(gregorian.html).toContain(HAJJ_FIELD_ERRORS.gregorianDate);
    expect(gregorian.html).toContain('aria-describedby="passportExpiresOn-error"');
    expect(await count('hajj_registrations')).toBe(0);
    const jalali = await staffPost(agent.client, pilgrimPage, `${pilgrimPage}/identity`, {
      ...identity,
      passportExpiresOn: jalaliAfter(flight, 400),
    });
    expect(jalali.status).toBe(200);
    expect(jalali.html).toContain(`id="passport-expiry">${jalaliAfter(flight, 400)}<`);
    const isoFlight = (
      await system
        .db('hajj_caravans')
        .where({ id: caravanId })
        .first(system.db.raw(`to_char(flight_date, 'YYYY-MM-DD') as d`))
    ).d as string;
    const documents = await registerPapers(agent.client, depositNumber, isoFlight);
    expect(documents.html).toContain(HAJJ_CONFIRM_MESSAGES.stepDone(HAJJ_STEP_LABELS.documents));
    expect((await payByBank(system.db, hq.client, depositNumber)).status).toBe(200);
    expect(
      (await system.db('hajj_journeys').where({ deposit_number: depositNumber }).first('stage')).stage,
    ).toBe('medical');

    // The cancellation: first what it keeps blocked and refunds, then the receipt.
    const preview = await agent.client.get(`${pilgrimPage}/cancel`);
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('id="preview-paid">۱٬۵۰۰٬۰۰۰٬۰۰۰<');
    expect(preview.html).toContain('id="preview-blocked">۲۵۰٬۰۰۰٬۰۰۰<');
    expect(preview.html).toContain('id="preview-refund">۱٬۲۵۰٬۰۰۰٬۰۰۰<');
    expect(await count('hajj_cancellations')).toBe(0);
    const cancelled = await agent.client.post(`${pilgrimPage}/cancel`, {
      _csrf: hiddenValue(preview.html, '_csrf'),
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.html).toContain(HAJJ_CONFIRM_MESSAGES.cancelDone(toPersianDigits(`HR${depositNumber}`)));
    expect(cancelled.html).toContain('id="receipt-number"');
    // Once cancelled there is nothing to confirm.
    expect((await agent.client.get(`${pilgrimPage}/cancel`)).status).toBe(409);
  });
});
