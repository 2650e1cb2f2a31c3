import { Client, Connection } from '@temporalio/client';
import type { StaffRole } from '../../domain/desk/caseStatus';
import {
  HAJJ_PAYMENT_PROBLEMS,
  HAJJ_REGISTRATION_ERRORS,
  HAJJ_REGISTRATION_MESSAGES,
  HAJJ_STAGE_LABELS,
} from '../../domain/hajj/copy';
import { paymentIdentifier } from '../../domain/hajj/registration';
import { toPersianDigits } from '../../domain/shared/digits';
import {
  addCaravan,
  callUpOne,
  depositLines,
  payByBank,
  registerPapers,
  terminateJourneys,
  TINY_PNG,
  typedJalali,
  uploadPayments,
} from '../support/hajj';
import { eventually, hiddenValue, WebClient } from '../support/http';
import { staffLogin, staffPost, startTestSystem, type TestSystem } from '../support/system';
import { importDeposits } from '../../db/queries/hajj/deposits';
import { registryCheck, SimulatedRegistry } from '../../activities/integrations/registry';

/**
 * The final registration's pages (issue 19) on the whole system: the agent's identity, passport and
 * documents with their checks, the payment slip and headquarters' bank file, the exam, insurance,
 * training and the pilgrim card with its verification page; every bad input answered 422 in
 * Persian with nothing stored.
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

const today = () => new Date().toISOString().slice(0, 10);
const count = async (table: string, where: Record<string, unknown> = {}) =>
  Number((await system.db(table).where(where).count({ n: '*' }))[0].n);
const stage = async (depositNumber: string) =>
  (await system.db('hajj_journeys').where({ deposit_number: depositNumber }).first('stage'))?.stage;

/** A called pilgrim whose seat in the agent's caravan is held; returns what the tests need. */
async function heldPilgrim(agentId: number) {
  const lines = depositLines(1, new Date('2001-01-01T00:00:00Z'));
  await importDeposits(system.db, lines, {
    filename: 'r.csv',
    staffId: null,
    confirm: registryCheck(new SimulatedRegistry()),
    hashKey: system.config.nationalCodeHashKey,
  });
  const [nationalCode, depositNumber] = lines[0].split(',');
  const caravanId = await addCaravan(system.db, {
    agentStaffId: agentId,
    name: 'کاروان صفا',
    managerPhone: '09121234567',
  });
  await callUpOne(system.db, temporal, system.config.temporal.hajjTaskQueue, depositNumber);
  const flight = (
    await system
      .db('hajj_caravans')
      .where({ id: caravanId })
      .first(system.db.raw(`to_char(flight_date, 'YYYY-MM-DD') as d`))
  ).d as string;
  return { nationalCode, depositNumber, caravanId, flight };
}

it('takes a pilgrim through documents, slip and bank file, exam, insurance, training and card', async () => {
  const hq = await staffLogin(system, 'admin', null);
  const agent = await staffLogin(system, 'agent' as StaffRole, 'tehran');
  const { nationalCode, depositNumber, caravanId, flight } = await heldPilgrim(agent.id);
  const page = `/staff/hajj/pilgrims/${depositNumber}`;
  expect(
    (
      await staffPost(agent.client, '/staff/hajj', '/staff/hajj/office-booking', {
        nationalCode,
        depositNumber,
        caravanId: String(caravanId),
      })
    ).location,
  ).toBe(page);

  // The pilgrim sees what is missing.
  const citizen = new WebClient(system.baseUrl);
  await citizen.post('/hajj', {
    _csrf: hiddenValue((await citizen.get('/hajj')).html, '_csrf'),
    nationalCode,
    depositNumber,
  });
  const before = (await citizen.get('/hajj/journey')).html;
  expect(before).toContain('id="missing-documents"');
  expect(before).toContain('عکس زائر: دریافت نشده');

  // Bad identity data: 422 in Persian, nothing stored.
  const short = await staffPost(agent.client, page, `${page}/identity`, {
    birthCertificateNumber: '12',
    passportNumber: 'A1234',
    passportIssuedOn: typedJalali('2020-01-01'),
    passportExpiresOn: typedJalali(flight),
  });
  expect(short.status).toBe(422);
  expect(short.html).toContain(HAJJ_REGISTRATION_ERRORS.passportNumber);
  expect(short.html).toContain(HAJJ_REGISTRATION_ERRORS.passportTooShort);
  const future = await staffPost(agent.client, page, `${page}/identity`, {
    birthCertificateNumber: '12',
    passportNumber: 'A12345678',
    passportIssuedOn: typedJalali('2999-01-01'),
    passportExpiresOn: '1400/13/40',
  });
  expect(future.status).toBe(422);
  expect(future.html).toContain(HAJJ_REGISTRATION_ERRORS.passportIssuedInFuture);
  expect(future.html).toContain(HAJJ_REGISTRATION_ERRORS.passportExpiresOn);
  expect(await count('hajj_registrations', { deposit_number: depositNumber })).toBe(0);

  // A file whose bytes are not what its name says, and a PDF as the photo: refused, nothing stored.
  for (const [kind, name, bytes] of [
    ['passport', 'passport.png', Buffer.from('not an image at all')],
    ['photo', 'photo.pdf', Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n')],
  ] as const) {
    const form = new FormData();
    form.append('_csrf', hiddenValue((await agent.client.get(page)).html, '_csrf'));
    form.append('kind', kind);
    form.append('file', new Blob([bytes]), name);
    const refused = await agent.client.post(`${page}/documents`, form);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain(HAJJ_REGISTRATION_ERRORS.documentType);
  }
  expect(await count('hajj_documents', { deposit_number: depositNumber })).toBe(0);
  // Making it final with nothing checked: refused.
  const early = await staffPost(agent.client, page, `${page}/registration/documents`, {});
  expect(early.status).toBe(422);
  expect(early.html).toContain(HAJJ_REGISTRATION_ERRORS.documentsIncomplete);

  // A photo refused with its reason (a refusal without one is not recorded), then accepted.
  const photo = new FormData();
  photo.append('_csrf', hiddenValue((await agent.client.get(page)).html, '_csrf'));
  photo.append('kind', 'photo');
  photo.append('file', new Blob([TINY_PNG]), 'عکس.png');
  expect((await agent.client.post(`${page}/documents`, photo)).html).toContain(
    HAJJ_REGISTRATION_MESSAGES.documentSaved,
  );
  const sha = /name="sha256" value="([0-9a-f]{64})"/.exec((await agent.client.get(page)).html)![1];
  const noReason = await staffPost(agent.client, page, `${page}/documents/photo/check`, {
    sha256: sha,
    verdict: 'refused',
  });
  expect(noReason.status).toBe(422);
  expect(noReason.html).toContain(HAJJ_REGISTRATION_ERRORS.reason);
  expect(await count('hajj_document_checks', { deposit_number: depositNumber })).toBe(0);
  await staffPost(agent.client, page, `${page}/documents/photo/check`, {
    sha256: sha,
    verdict: 'refused',
    reason: 'زمینه عکس سفید نیست',
  });
  expect((await citizen.get('/hajj/journey')).html).toContain('زمینه عکس سفید نیست');

  // Everything accepted: the registration is final and the journey waits for the payment.
  const final = await registerPapers(agent.client, depositNumber, flight);
  expect(final.status).toBe(200);
  expect(await stage(depositNumber)).toBe('payment');
  const checks = await system
    .db('hajj_document_checks')
    .where({ deposit_number: depositNumber })
    .orderBy('id')
    .select('kind', 'verdict', 'reason', 'staff_id');
  expect(checks[0]).toMatchObject({ kind: 'photo', verdict: 'refused', staff_id: agent.id });
  expect(checks.filter((c) => c.verdict === 'accepted')).toHaveLength(4);

  // The slip waits for headquarters' account; then it carries the identifier and the amount.
  expect((await agent.client.get(page)).html).toContain(HAJJ_REGISTRATION_ERRORS.accountNotSet);
  const badAccount = await staffPost(hq.client, '/staff/hajj/payments', '/staff/hajj/payments/account', {
    account: 'IR000000000000000000000000',
    holder: 'سازمان',
  });
  expect(badAccount.status).toBe(422);
  expect(badAccount.html).toContain(HAJJ_REGISTRATION_ERRORS.sheba);
  expect(await count('settings', { key: 'hajjPaymentAccount' })).toBe(0);
  const confirmed = await payByBank(system.db, hq.client, depositNumber, 'RF100200300');
  expect(confirmed.html).toContain(HAJJ_REGISTRATION_MESSAGES.paymentsImported('۱', '۰', '۰', '۱'));
  await eventually(
    () => stage(depositNumber),
    (s) => s === 'medical',
  );
  const paymentId = paymentIdentifier(depositNumber);
  const slip = await citizen.get('/hajj/slip');
  expect(slip.status).toBe(200);
  expect(slip.html).toContain(`id="payment-id" dir="ltr">${toPersianDigits(paymentId)}<`);
  expect(slip.html).toContain('id="slip-amount">۱٬۲۵۰٬۰۰۰٬۰۰۰<');
  expect(slip.html).toContain('RF100200300');

  // The same file again changes nothing; mismatches are reported line by line, never counted.
  const file = [
    `RF100200300,${paymentId},1250000000,2026-01-01 10:00`,
    `RF100200301,${paymentId},1250000000,2026-01-01 10:05`,
    `RF100200302,${paymentIdentifier('99999999')},1250000000,2026-01-01 10:05`,
    `RF100200303,${paymentId.slice(0, -1)}${(Number(paymentId.slice(-1)) + 1) % 10},1250000000,2026-01-01 10:05`,
    `RF100200304,${paymentId},1,2026-01-01 10:05`,
    `RF100200304,${paymentId},1,2026-01-01 10:05`,
  ].join('\n');
  const again = await uploadPayments(hq.client, file);
  expect(again.status).toBe(200);
  expect(again.html).toContain(HAJJ_REGISTRATION_MESSAGES.paymentsImported('۰', '۱', '۵', '۰'));
  for (const problem of [
    'alreadyPaid',
    'unknownPayment',
    'paymentId',
    'wrongAmount',
    'duplicateLine',
  ] as const)
    expect(again.html).toContain(HAJJ_PAYMENT_PROBLEMS[problem]);
  expect(await count('hajj_bank_payments', { deposit_number: depositNumber })).toBe(1);
  // The list of imports links each to its page, with how far it went.
  const list = (await hq.client.get('/staff/hajj/payments')).html;
  expect(list).toContain(`href="/staff/hajj/payments/imports/${again.importId}"`);

  // A file that is no payment file: refused whole in Persian, no import stored, nothing sent.
  const imports = await count('hajj_payment_imports');
  for (const [content, message] of [
    [TINY_PNG, HAJJ_REGISTRATION_ERRORS.paymentFileEncoding],
    [
      Buffer.from('national_code,deposit_number\n' + depositLines(2).join('\n')),
      HAJJ_REGISTRATION_ERRORS.paymentFileEmpty,
    ],
  ] as const) {
    const refused = await uploadPayments(hq.client, content);
    expect(refused.status).toBe(422);
    expect(refused.importId).toBeNull();
    expect(refused.html).toContain(message);
    expect(refused.html).not.toMatch(/at .*\.ts:\d+/);
  }
  expect(await count('hajj_payment_imports')).toBe(imports);
  expect(
    (await system.db('hajj_journeys').where({ deposit_number: depositNumber }).first('paid_rials'))
      .paid_rials,
  ).toBe('1250000000');

  // The exam: a date to come is refused; fit moves on to the insurance.
  const tomorrow = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const badExam = await staffPost(agent.client, page, `${page}/registration/medical`, {
    medical: 'fit',
    examinedOn: typedJalali(tomorrow),
  });
  expect(badExam.status).toBe(422);
  expect(badExam.html).toContain(HAJJ_REGISTRATION_ERRORS.examDate);
  expect(await stage(depositNumber)).toBe('medical');
  await staffPost(agent.client, page, `${page}/registration/medical`, {
    medical: 'fit',
    examinedOn: typedJalali(today()),
  });
  expect(await stage(depositNumber)).toBe('insurance');

  const badPolicy = await staffPost(agent.client, page, `${page}/registration/insurance`, {
    insurer: 'بیمه ایران',
    policyNumber: '!',
  });
  expect(badPolicy.status).toBe(422);
  expect(badPolicy.html).toContain(HAJJ_REGISTRATION_ERRORS.policyNumber);
  expect(
    (await system.db('hajj_registrations').where({ deposit_number: depositNumber }).first()).policy_number,
  ).toBeNull();
  await staffPost(agent.client, page, `${page}/registration/insurance`, {
    insurer: 'بیمه ایران',
    policyNumber: 'HJ-1403/778',
  });
  expect(await stage(depositNumber)).toBe('training');

  // Training: not before the caravan's classes are attended.
  const notYet = await staffPost(agent.client, page, `${page}/registration/training`, {});
  expect(notYet.status).toBe(422);
  expect(notYet.html).toContain(HAJJ_REGISTRATION_ERRORS.trainingIncomplete);
  const schedule = `/staff/hajj/caravans/${caravanId}/training`;
  const badClass = await staffPost(agent.client, schedule, schedule, {
    heldOn: '1403/15/01',
    startsAt: '25:00',
    place: 'مسجد',
    topic: 'مناسک',
  });
  expect(badClass.status).toBe(422);
  expect(badClass.html).toContain(HAJJ_REGISTRATION_ERRORS.classDate);
  expect(await count('hajj_training_classes', { caravan_id: caravanId })).toBe(0);
  await staffPost(agent.client, schedule, schedule, {
    heldOn: typedJalali(today()),
    startsAt: '16:30',
    place: 'مسجد محل',
    topic: 'آشنایی با مناسک',
  });
  const classId = (await system.db('hajj_training_classes').where({ caravan_id: caravanId }).first('id')).id;
  const roll = `${schedule}/${classId}`;
  expect((await staffPost(agent.client, roll, roll, { present: depositNumber })).html).toContain(
    HAJJ_REGISTRATION_MESSAGES.attendanceSaved,
  );
  await staffPost(agent.client, page, `${page}/registration/training`, {});
  expect(await stage(depositNumber)).toBe('card');

  // The card: printable with the photo, caravan, manager's phone and the QR of its verification page.
  await staffPost(agent.client, page, `${page}/registration/card`, {});
  expect(await stage(depositNumber)).toBe('visa-request');
  const card = await citizen.get('/hajj/card');
  expect(card.status).toBe(200);
  expect(card.html).toContain('<svg');
  expect(card.html).toContain('id="card-manager-phone" dir="ltr">۰۹۱۲۱۲۳۴۵۶۷<');
  expect(card.html).toContain('src="/hajj/card/photo"');
  const token = (await system.db('hajj_cards').where({ deposit_number: depositNumber }).first('token')).token;
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const verify = await new WebClient(system.baseUrl).get(`/hajj/card/verify/${token}`);
  expect(verify.status).toBe(200);
  expect(verify.html).toContain(HAJJ_REGISTRATION_MESSAGES.cardValid);
  expect(verify.html).toContain('کاروان صفا');
  expect(verify.html).not.toContain(depositNumber);
  expect(verify.html).not.toContain(toPersianDigits(nationalCode));
  const forged = await new WebClient(system.baseUrl).get(`/hajj/card/verify/${'A'.repeat(43)}`);
  expect(forged.status).toBe(404);
  expect(forged.html).toContain(HAJJ_REGISTRATION_MESSAGES.cardInvalid);
  expect((await citizen.get('/hajj/journey')).html).toContain(HAJJ_STAGE_LABELS['visa-request']);
});

it('keeps the registration to the caravan’s agent and the payments to headquarters', async () => {
  const agent = await staffLogin(system, 'agent' as StaffRole, 'tehran');
  const other = await staffLogin(system, 'agent' as StaffRole, 'tehran');
  const { nationalCode, depositNumber, caravanId } = await heldPilgrim(agent.id);
  await staffPost(agent.client, '/staff/hajj', '/staff/hajj/office-booking', {
    nationalCode,
    depositNumber,
    caravanId: String(caravanId),
  });
  expect((await other.client.get(`/staff/hajj/pilgrims/${depositNumber}`)).status).toBe(404);
  expect((await agent.client.get('/staff/hajj/payments')).status).toBe(403);
  // The bare step form no longer records a registration step.
  const bare = await staffPost(agent.client, '/staff/hajj', `/staff/hajj/pilgrims/${depositNumber}/step`, {
    step: 'documents',
    nationalCard: 'on',
    birthCertificate: 'on',
    passportExpiry: '2099-01-01',
  });
  expect(bare.status).toBe(409);
  expect(bare.html).toContain(HAJJ_REGISTRATION_ERRORS.notNow);
  expect(await stage(depositNumber)).toBe('held');
});
