import { Client, Connection } from '@temporalio/client';
import type { StaffRole } from '../../domain/desk/caseStatus';
import { HAJJ_KIND_MESSAGES, HAJJ_REJECTIONS, HAJJ_TRIP_SERVICE_LABELS } from '../../domain/hajj/copy';
import { toPersianDigits } from '../../domain/shared/digits';
import { addCaravan, addDeposits, depositLines, terminateJourneys, typedJalali } from '../support/hajj';
import { eventually, hiddenValue, WebClient } from '../support/http';
import { staffLogin, staffPost, startTestSystem, type TestSystem } from '../support/system';

/**
 * The Umrah mofradeh as a journey kind on the whole system (issue 19): headquarters imports the
 * bank's Umrah file, opens an Umrah round and makes Umrah caravans; the pilgrim's pages, the
 * agent's and headquarters' pages name the kind in Persian (never the slug); an Umrah pilgrim is
 * offered and booked into Umrah caravans only; every bad kind is answered 4xx in Persian with
 * nothing stored.
 */
let system: TestSystem;
let connection: Connection;
let temporal: Client;

beforeAll(async () => {
  system = await startTestSystem();
  connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS });
  temporal = new Client({ connection });
});

afterAll(async () => {
  if (system) await terminateJourneys(system.db, temporal);
  await connection?.close();
  await system?.close();
});

const count = async (table: string, where: Record<string, unknown> = {}) =>
  Number((await system.db(table).where(where).count({ n: '*' }))[0].n);

/** The page's text without its tags' attributes: what a person reads. */
const visibleText = (html: string) => html.replace(/<[^>]*>/g, ' ');

async function uploadFile(client: WebClient, lines: string[], kind: string) {
  const page = await client.get('/staff/hajj');
  const form = new FormData();
  form.append('_csrf', hiddenValue(page.html, '_csrf'));
  form.append('kind', kind);
  form.append('file', new Blob([lines.join('\n')], { type: 'text/csv' }), 'umrah.csv');
  return client.post('/staff/hajj/import', form);
}

describe('Umrah journey kind', () => {
  it('imports, calls, lists and books by kind, named in Persian; bad kinds refused with nothing stored', async () => {
    const hq = await staffLogin(system, 'admin', null);
    const agent = await staffLogin(system, 'agent' as StaffRole, 'tehran');

    // A file of no known kind: 422 in Persian, the staged file dropped, no deposit stored.
    const imports = await count('hajj_deposit_imports');
    const deposits = await count('hajj_deposits');
    const bad = await uploadFile(hq.client, depositLines(2), 'atabat');
    expect(bad.status).toBe(422);
    expect(bad.html).toContain(HAJJ_KIND_MESSAGES.invalid);
    expect(await count('hajj_deposit_imports')).toBe(imports);
    expect(await count('hajj_deposits')).toBe(deposits);

    // The bank's Umrah file: its deposits queue for the Umrah; the Hajj's queue comes first by date.
    const [hajjFirst] = await addDeposits(system.db, 1, new Date('1990-01-01T00:00:00Z'));
    const lines = depositLines(2, new Date('2004-01-01T00:00:00Z'));
    const posted = await uploadFile(hq.client, lines, 'umrah');
    expect(posted.status).toBe(303);
    const umrah = lines.map((l) => l.split(','));
    await eventually(
      () =>
        system
          .db('hajj_deposits')
          .whereIn(
            'deposit_number',
            umrah.map((u) => u[1]),
          )
          .pluck('kind'),
      (kinds) => kinds.length === 2 && kinds.every((k) => k === 'umrah'),
      30_000,
    );
    expect(await system.db('hajj_deposit_imports').orderBy('id', 'desc').first('kind')).toEqual({
      kind: 'umrah',
    });

    // The pilgrim's place is in the Umrah's queue (the Hajj depositor ahead does not count).
    const citizen = new WebClient(system.baseUrl);
    const [nationalCode, depositNumber] = umrah[0];
    const login = await citizen.post('/hajj', {
      _csrf: hiddenValue((await citizen.get('/hajj')).html, '_csrf'),
      nationalCode,
      depositNumber,
    });
    expect(login.location).toBe('/hajj/journey');
    const queued = (await citizen.get('/hajj/journey')).html;
    expect(queued).toContain('سفر عمره مفرده من');
    expect(queued).toContain('id="journey-kind">عمره مفرده<');
    expect(queued).toContain(HAJJ_KIND_MESSAGES.queueOf('عمره مفرده'));
    expect(queued).toContain(`id="queue-position">${toPersianDigits(1)}<`);
    expect(visibleText(queued)).not.toMatch(/umrah|hajj-tamattu/);

    // A round of no known kind: 422 in Persian, no round opened, nobody called.
    const rounds = await count('hajj_rounds');
    const badRound = await staffPost(hq.client, '/staff/hajj', '/staff/hajj/rounds', {
      size: '1',
      key: 'umrah-bad',
      kind: 'atabat',
    });
    expect(badRound.status).toBe(422);
    expect(badRound.html).toContain(HAJJ_KIND_MESSAGES.invalid);
    expect(await count('hajj_rounds')).toBe(rounds);
    const badPreview = await hq.client.get('/staff/hajj/rounds/confirm?size=1&kind=x');
    expect(badPreview.status).toBe(422);

    // The Umrah round: its preview names the kind, and it calls the Umrah's head, not the Hajj's.
    const preview = await hq.client.get('/staff/hajj/rounds/confirm?size=1&kind=umrah');
    expect(preview.html).toContain('عمره مفرده');
    expect(hiddenValue(preview.html, 'kind')).toBe('umrah');
    await staffPost(hq.client, '/staff/hajj', '/staff/hajj/rounds', {
      size: '1',
      key: 'umrah-1',
      kind: 'umrah',
    });
    const round = await system.db('hajj_rounds').where({ idempotency_key: 'umrah-1' }).first('id', 'kind');
    expect(round.kind).toBe('umrah');
    expect(
      await system.db('hajj_round_members').where({ round_id: round.id }).pluck('deposit_number'),
    ).toEqual([depositNumber]);
    expect(
      (await system.db('hajj_deposits').where({ deposit_number: hajjFirst }).first('status')).status,
    ).toBe('queued');
    await eventually(
      async () =>
        (await system.db('hajj_journeys').where({ deposit_number: depositNumber }).first('stage'))?.stage,
      (s) => s === 'booking',
      30_000,
    );

    // Headquarters' caravan of no known kind: 422 in Persian, no caravan stored.
    const caravans = await count('hajj_caravans');
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const caravanForm = {
      code: 'UM-100',
      name: 'کاروان عمره صفا',
      province: 'tehran',
      agentStaffId: String(agent.id),
      agentName: 'کارگزار عمره',
      managerName: 'مدیر عمره',
      capacity: '20',
      price: '900000000',
      departsFrom: typedJalali(day(40)),
      departsTo: typedJalali(day(50)),
      flightDate: typedJalali(day(45)),
    };
    const badCaravan = await staffPost(hq.client, '/staff/hajj', '/staff/hajj/caravans', {
      ...caravanForm,
      kind: 'umra',
    });
    expect(badCaravan.status).toBe(422);
    expect(badCaravan.html).toContain(HAJJ_KIND_MESSAGES.invalid);
    const badAdmin = await staffPost(hq.client, '/staff/admin/caravans', '/staff/admin/caravans', {
      ...caravanForm,
      code: 'UM-101',
      kind: 'atabat',
    });
    expect(badAdmin.status).toBe(422);
    expect(badAdmin.html).toContain(HAJJ_KIND_MESSAGES.invalid);
    expect(await count('hajj_caravans')).toBe(caravans);

    const made = await staffPost(hq.client, '/staff/hajj', '/staff/hajj/caravans', {
      ...caravanForm,
      kind: 'umrah',
    });
    expect(made.status).toBe(303);
    const umrahCaravan = (await system.db('hajj_caravans').where({ code: 'UM-100' }).first('id', 'kind')) as {
      id: number;
      kind: string;
    };
    expect(umrahCaravan.kind).toBe('umrah');
    const hajjCaravan = await addCaravan(system.db, { agentStaffId: agent.id, name: 'کاروان حج نور' });

    // Headquarters' and the agent's lists name each caravan's kind, and filter by it.
    const all = (await hq.client.get('/staff/hajj')).html;
    expect(all).toContain('class="caravan-kind">عمره مفرده<');
    expect(all).toContain('class="caravan-kind">حج تمتع<');
    // Headquarters' queue summary counts each kind's queue: the Umrah's two, one called.
    expect(all).toContain('عمره مفرده: در صف / فراخوانده</dt><dd>۱ / ۱<');
    const onlyUmrah = (await agent.client.get('/staff/hajj?kind=umrah')).html;
    expect(onlyUmrah).toContain('کاروان عمره صفا');
    expect(onlyUmrah).not.toContain('کاروان حج نور');
    expect(visibleText(onlyUmrah)).not.toMatch(/umrah|hajj-tamattu/);
    const admin = (await hq.client.get('/staff/admin/caravans?kind=umrah')).html;
    expect(admin).toContain('class="caravan-kind">عمره مفرده<');
    expect(admin).not.toContain('کاروان حج نور');
    expect((await hq.client.get(`/staff/hajj/caravans/${umrahCaravan.id}`)).html).toContain(
      'id="caravan-kind">عمره مفرده<',
    );

    // The pilgrim is offered the Umrah caravans only; a Hajj caravan's id posted is refused in Persian.
    const offered = (await citizen.get('/hajj/caravans?province=tehran')).html;
    expect(offered).toContain('کاروان عمره صفا');
    expect(offered).not.toContain('کاروان حج نور');
    const confirm = (await citizen.get(`/hajj/book?caravanId=${umrahCaravan.id}&province=tehran`)).html;
    const wrong = await citizen.post('/hajj/book', {
      _csrf: hiddenValue(confirm, '_csrf'),
      caravanId: String(hajjCaravan),
      province: 'tehran',
    });
    expect(wrong.status).toBe(303);
    expect((await citizen.get(wrong.location!)).html).toContain(HAJJ_REJECTIONS.caravanOtherKind);
    // At the office too: 409 with the reason, no seat.
    const office = await staffPost(agent.client, '/staff/hajj', '/staff/hajj/office-booking', {
      nationalCode,
      depositNumber,
      caravanId: String(hajjCaravan),
    });
    expect(office.status).toBe(409);
    expect(office.html).toContain(HAJJ_REJECTIONS.caravanOtherKind);
    expect(await count('hajj_bookings', { deposit_number: depositNumber })).toBe(0);

    const booked = await citizen.post('/hajj/book', {
      _csrf: hiddenValue(confirm, '_csrf'),
      caravanId: String(umrahCaravan.id),
      province: 'tehran',
    });
    expect(booked.location).toBe('/hajj/journey?notice=booked');
    expect(
      await system.db('hajj_bookings').where({ deposit_number: depositNumber }).pluck('caravan_id'),
    ).toEqual([umrahCaravan.id]);
    const pilgrim = (await agent.client.get(`/staff/hajj/pilgrims/${depositNumber}`)).html;
    expect(pilgrim).toContain('id="pilgrim-kind">عمره مفرده<');

    // The Umrah caravan's trip services have no Tashriq days: not offered, and refused if posted.
    const servicesPage = `/staff/hajj/caravans/${umrahCaravan.id}/services`;
    const form = (await agent.client.get(servicesPage)).html;
    expect(form).toContain(HAJJ_TRIP_SERVICE_LABELS['inter-city']);
    expect(form).not.toContain(HAJJ_TRIP_SERVICE_LABELS.tashriq);
    const tashriq = await staffPost(agent.client, servicesPage, servicesPage, {
      'catering:what': 'غذای گرم',
      'tashriq:what': 'اتوبوس منا',
    });
    expect(tashriq.status).toBe(422);
    expect(tashriq.html).toContain(HAJJ_KIND_MESSAGES.serviceNotOffered(HAJJ_TRIP_SERVICE_LABELS.tashriq));
    expect(await count('hajj_trip_services', { caravan_id: umrahCaravan.id })).toBe(0);
    const saved = await staffPost(agent.client, servicesPage, servicesPage, { 'catering:what': 'غذای گرم' });
    expect(saved.status).toBe(303);
    const journey = (await citizen.get('/hajj/journey')).html;
    expect(journey).toContain('غذای گرم');
    expect(journey).not.toContain(HAJJ_TRIP_SERVICE_LABELS.tashriq);
    // A Hajj caravan's form still has the Tashriq days.
    expect((await agent.client.get(`/staff/hajj/caravans/${hajjCaravan}/services`)).html).toContain(
      HAJJ_TRIP_SERVICE_LABELS.tashriq,
    );
  });
});
