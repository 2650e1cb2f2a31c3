import type { StaffRole } from '../../domain/desk/caseStatus';
import { HAJJ_BATCH_MESSAGES as B } from '../../domain/hajj/copy';
import { toPersianDigits } from '../../domain/shared/digits';
import { addCaravan, addDeposits, depositLines, uploadDeposits } from '../support/hajj';
import { hiddenValue } from '../support/http';
import { freePort } from '../support/ports';
import { staffLogin, staffPost, startTestSystem, type TestSystem } from '../support/system';
import { startWeb } from '../../web/server';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});

afterAll(async () => {
  await system?.close();
});

const count = async (table: string) => Number((await system.db(table).count())[0].count);
const stored = async () =>
  Promise.all(
    [
      'hajj_deposit_imports',
      'hajj_deposit_import_lines',
      'hajj_deposits',
      'hajj_batches',
      'hajj_batch_items',
      'hajj_trip_services',
    ].map(count),
  );

/** Puts a journey's projection at a stage, as its workflow would have written it. */
async function journeyAt(caravanId: number, stage: string): Promise<string> {
  const [deposit] = await addDeposits(system.db, 1);
  await system.db('hajj_journeys').insert({ deposit_number: deposit, stage, caravan_id: caravanId });
  return deposit;
}

describe('the deposit import page', () => {
  it('imports a file by workflow and shows its progress and problem rows', async () => {
    const hq = await staffLogin(system, 'admin', null);
    const done = await uploadDeposits(
      hq.client,
      ['کد ملی,شماره,شعبه,تاریخ,مبلغ', ...depositLines(3), '1,2'].join('\n'),
    );
    expect(done.status).toBe(200);
    expect(done.html).toContain(`id="import-done">${toPersianDigits(4)} از ${toPersianDigits(4)}`);
    expect(done.html).toContain('id="import-inserted">۳<');
    expect(done.html).toContain('ردیف ۵');
    expect(await system.db('hajj_deposit_import_lines').where({ import_id: done.importId }).count()).toEqual([
      { count: '0' },
    ]);
  });

  it.each([
    ['not UTF-8', new Uint8Array([0xff, 0xfe, 0x00, 0x41, 0x0a]), B.importEncoding],
    ['binary with NUL bytes', new Uint8Array([0x31, 0x00, 0x32, 0x0a, 0x33]), B.importEncoding],
    ['only a header', 'national_code,deposit_number\n\n', B.importEmpty],
    ['empty', '', B.importEmpty],
  ])(
    'refuses a file that is %s with 422 and a Persian message, storing nothing',
    async (_name, content, message) => {
      const hq = await staffLogin(system, 'admin', null);
      const before = await stored();
      const response = await uploadDeposits(hq.client, content);
      expect(response.status).toBe(422);
      expect(response.html).toContain(message);
      expect(await stored()).toEqual(before);
    },
  );

  it('a file without the form’s CSRF token is not staged', async () => {
    const hq = await staffLogin(system, 'admin', null);
    const before = await stored();
    const form = new FormData();
    form.append('file', new Blob([depositLines(2).join('\n')], { type: 'text/csv' }), 'deposits.csv');
    const response = await hq.client.post('/staff/hajj/import', form);
    expect(response.status).toBe(403);
    expect(await stored()).toEqual(before);
  });
});

describe('starting an import’s workflow', () => {
  it('the relay starts an import whose start the web left to it', async () => {
    const hq = await staffLogin(system, 'admin', null);
    // A web whose engine cannot be reached, on the same database as the running worker.
    const offline = await startWeb(
      { ...system.config, temporal: { ...system.config.temporal, address: `127.0.0.1:${await freePort()}` } },
      system.db,
      { embedded: true, host: '127.0.0.1' },
    );
    try {
      const done = await uploadDeposits(hq.client.at(offline.url), depositLines(2).join('\n'));
      expect(done.html).toContain('id="import-inserted">۲<');
    } finally {
      await offline.close();
    }
  });

  it('imports in every test file’s database: their workflow IDs differ from another file’s', async () => {
    // Every file of a run shares one Temporal server; a second system stands for another file.
    const other = await startTestSystem();
    try {
      for (const running of [system, other]) {
        const hq = await staffLogin(running, 'admin', null);
        const done = await uploadDeposits(hq.client, depositLines(1).join('\n'));
        expect(done.html).toContain('id="import-inserted">۱<');
      }
    } finally {
      await other.close();
    }
  });
});

describe('a caravan’s batches', () => {
  it('refuses bad visa forms and files with 422, storing nothing', async () => {
    const hq = await staffLogin(system, 'admin', null);
    const caravanId = await addCaravan(system.db, { capacity: 5 });
    const waiting = await journeyAt(caravanId, 'visa');
    const other = await addCaravan(system.db, { capacity: 5 });
    const elsewhere = await journeyAt(other, 'visa');
    const page = `/staff/hajj/caravans/${caravanId}/visa`;
    expect((await hq.client.get(page)).html).toContain(`name="visa:${waiting}"`);

    const before = await stored();
    const nothing = await staffPost(hq.client, page, page, {});
    expect(nothing.status).toBe(422);
    expect(nothing.html).toContain(B.batchNothing);
    const badValue = await staffPost(hq.client, page, page, { [`visa:${waiting}`]: 'maybe' });
    expect(badValue.status).toBe(422);

    const upload = async (content: string | Uint8Array) => {
      const form = new FormData();
      form.append('_csrf', hiddenValue((await hq.client.get(page)).html, '_csrf'));
      form.append('file', new Blob([content], { type: 'text/csv' }), 'visa.csv');
      return hq.client.post(page, form);
    };
    for (const [content, message] of [
      [`${waiting},صادر,بله,اضافه`, B.batchRow('۱')],
      [`${waiting},شاید,بله`, B.batchRow('۱')],
      [`${elsewhere},صادر,بله`, B.batchUnknownPilgrim('۱', toPersianDigits(elsewhere))],
      [`${waiting},صادر,بله\n${waiting},رد,`, B.batchDuplicate('۲', toPersianDigits(waiting))],
      ['deposit,visa,ticket\n', B.batchNothing],
    ] as const) {
      const response = await upload(content);
      expect([content, response.status]).toEqual([content, 422]);
      expect(response.html).toContain(message);
    }
    const binary = await upload(new Uint8Array([0xff, 0x00, 0xfe]));
    expect(binary.status).toBe(422);
    expect(binary.html).toContain(B.batchFile);
    expect(await stored()).toEqual(before);

    // A good file makes one batch, and the form's key makes a double submit the same batch.
    const good = await upload(`شماره ودیعه,روادید,مجوز بلیط\n${waiting},صادر,بله`);
    expect(good.location).toMatch(/^\/staff\/hajj\/batches\/\d+$/);
    expect(
      await system.db('hajj_batch_items').where({ deposit_number: waiting }).first('visa', 'ticket'),
    ).toEqual({
      visa: 'issued',
      ticket: true,
    });
  });

  it('refuses an incomplete flight form and lets only the caravan’s agent or province office dispatch', async () => {
    const agent = await staffLogin(system, 'agent' as StaffRole, 'tehran');
    const otherAgent = await staffLogin(system, 'agent' as StaffRole, 'tehran');
    const hq = await staffLogin(system, 'admin', null);
    const caravanId = await addCaravan(system.db, { agentStaffId: agent.id, capacity: 5 });
    const ready = await journeyAt(caravanId, 'dispatch');
    const page = `/staff/hajj/caravans/${caravanId}/dispatch`;
    expect((await agent.client.get(page)).html).toContain(`name="present:${ready}"`);
    expect((await otherAgent.client.get(page)).status).toBe(404);
    expect((await hq.client.get(page)).status).toBe(403);

    const before = await stored();
    const flight = {
      flightNumber: 'IR712',
      flightDate: '2027-05-01',
      airport: 'امام خمینی',
      minutesNumber: '17',
    };
    for (const bad of [
      { flightNumber: '' },
      { flightDate: '2027-02-30' },
      { airport: '' },
      { minutesNumber: 'a b' },
    ]) {
      const response = await staffPost(agent.client, page, page, {
        ...flight,
        ...bad,
        [`present:${ready}`]: 'on',
      });
      expect([bad, response.status]).toEqual([bad, 422]);
      expect(response.html).toContain(B.flightForm);
      // What was typed comes back, the pilgrim still marked present.
      expect(response.html).toContain(`name="present:${ready}" checked`);
    }
    expect(await stored()).toEqual(before);
  });

  it('the agent edits the caravan’s trip services; a bad form is 422 and keeps the stored ones', async () => {
    const agent = await staffLogin(system, 'agent' as StaffRole, 'tehran');
    const caravanId = await addCaravan(system.db, { agentStaffId: agent.id, capacity: 5 });
    const page = `/staff/hajj/caravans/${caravanId}/services`;
    const saved = await staffPost(agent.client, page, page, {
      'catering:what': 'سه وعده غذای گرم',
      'catering:place': 'هتل دار الهجره',
      'catering:time': 'صبحانه ۶ تا ۸',
      'catering:contact': '۰۹۱۲۱۲۳۴۵۶۷',
      'tashriq:what': 'اتوبوس منا به عرفات',
    });
    expect(saved.location).toBe(`${page}?saved=1`);
    expect(await system.db('hajj_trip_services').where({ caravan_id: caravanId }).pluck('kind')).toEqual(
      expect.arrayContaining(['catering', 'tashriq']),
    );
    const before = await stored();
    const bad = await staffPost(agent.client, page, page, {
      'medical:place': 'درمانگاه',
      'catering:what': 'x'.repeat(301),
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain(B.servicesForm('خدمات درمانی'));
    expect(bad.html).toContain(B.servicesForm('تغذیه متمرکز'));
    expect(await stored()).toEqual(before);
  });
});
