import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Db } from '../../db';
import { ACTION_REJECTIONS } from '../../domain/desk/copy';
import { FIELD_ERRORS, PAGE_MESSAGES } from '../../domain/shared/copy';
import { requestInfoUpdate } from '../../workflows/desk/messages';
import { EXE, PNG, requestForm, trackingCodeOf, type Citizen } from '../support/citizen';
import { addStaff, newCitizen } from '../support/generators';
import { eventually, hiddenValue, WebClient } from '../support/http';
import { startTestSystem, type TestSystem } from '../support/system';

/**
 * The citizen's actions on the tracking page over HTTP, on the real engine: each refused input or
 * refused update gets its Persian message, and what the citizen wrote is not kept.
 */
let system: TestSystem;
let db: Db;
let connection: Connection;
let expertId: number;

beforeAll(async () => {
  system = await startTestSystem({ LOG_LEVEL: 'silent' });
  db = system.db;
  expertId = await addStaff(db, 'expert', 'tehran');
  connection = await Connection.connect({ address: system.config.temporal.address! });
});

afterAll(async () => {
  await connection?.close();
  await system?.close();
});

const citizenRows = async (caseId: number) => ({
  messages: await db('case_messages')
    .where({ case_id: caseId })
    .whereNull('author_staff_id')
    .count({ n: '*' }),
  files: await db('case_attachments').where({ case_id: caseId }).whereNotNull('message_id').count({ n: '*' }),
});

/** A routed case, and a visitor who has tracked it (so the pair is proven in their session). */
async function trackedCase(): Promise<{
  client: WebClient;
  trackingCode: string;
  caseId: number;
  token: string;
}> {
  const citizen: Citizen = newCitizen();
  const client = new WebClient(system.baseUrl);
  const form = await client.get('/requests/new');
  const trackingCode = trackingCodeOf(
    (await client.post('/requests', requestForm(form.html, citizen))).html,
  )!;
  const kase = await eventually(
    () => db('cases').where({ tracking_code: trackingCode }).first('id', 'status'),
    (row) => row?.status === 'routed',
  );
  const trackPage = await client.get('/track');
  const result = await client.post('/track', {
    _csrf: hiddenValue(trackPage.html, '_csrf'),
    nationalCode: citizen.nationalCode,
    trackingCode,
    captcha: '',
  });
  expect(result.status).toBe(200);
  // The session's token: the result of a case in progress has no form of its own to read it from.
  return { client, trackingCode, caseId: kase.id, token: hiddenValue(trackPage.html, '_csrf') };
}

function supplementForm(token: string, text: string, file?: { name: string; content: Buffer }) {
  const form = new FormData();
  form.append('_csrf', token);
  form.append('text', text);
  if (file) {
    form.append('attachmentTitles', 'مدرک');
    form.append('attachments', new Blob([new Uint8Array(file.content)]), file.name);
  }
  return form;
}

describe('the citizen’s actions on a tracked case', () => {
  it('refuses a rating and an objection before the answer, with the workflow’s reason, keeping nothing', async () => {
    const { client, trackingCode, caseId, token } = await trackedCase();
    const before = await citizenRows(caseId);
    const rated = await client.post(`/track/${trackingCode}/rate`, {
      _csrf: token,
      score: '5',
    });
    expect(rated.status).toBe(409);
    expect(rated.html).toContain(PAGE_MESSAGES.citizenActionRejected + ACTION_REJECTIONS.notAnswered);
    const objected = await client.post(`/track/${trackingCode}/object`, {
      _csrf: token,
      text: 'اعتراض پیش از پاسخ',
    });
    expect(objected.status).toBe(409);
    expect(objected.html).toContain(ACTION_REJECTIONS.objectionClosed);
    const supplemented = await client.post(
      `/track/${trackingCode}/supplement`,
      supplementForm(token, 'پاسخی که کسی نخواسته', { name: 'a.png', content: PNG }),
    );
    expect(supplemented.status).toBe(409);
    expect(supplemented.html).toContain(ACTION_REJECTIONS.noInfoRequested);
    expect(await citizenRows(caseId)).toEqual(before);
  });

  it('checks the answer to a question like the submit form: text required, files by content and size', async () => {
    const { client, trackingCode, caseId, token } = await trackedCase();
    const messageId = randomUUID();
    await db('case_messages').insert({
      id: messageId,
      case_id: caseId,
      kind: 'info-request',
      author_staff_id: expertId,
      body: 'تصویر فیش را بفرستید.',
    });
    const client2 = new Client({ connection, namespace: system.config.temporal.namespace });
    await client2.workflow.getHandle(trackingCode).executeUpdate(requestInfoUpdate, {
      args: [{ actor: { staffId: expertId, role: 'expert' }, messageId }],
    });
    const page = (await client.get(`/track/${trackingCode}`)).html;
    expect(page).toContain('تصویر فیش را بفرستید.');
    const before = await citizenRows(caseId);

    const cases: [FormData, string][] = [
      [supplementForm(token, ''), FIELD_ERRORS.supplement],
      [supplementForm(token, 'ا'.repeat(2001)), FIELD_ERRORS.citizenTextTooLong('۲۰۰۰')],
      [supplementForm(token, 'فیش', { name: 'fish.pdf', content: EXE }), FIELD_ERRORS.attachmentType],
      [
        supplementForm(token, 'فیش', {
          name: 'fish.png',
          content: Buffer.concat([PNG, Buffer.alloc(310 * 1024)]),
        }),
        FIELD_ERRORS.attachmentSize,
      ],
    ];
    for (const [form, message] of cases) {
      const response = await client.post(`/track/${trackingCode}/supplement`, form);
      expect(response.status).toBe(422);
      expect(response.html).toContain(message);
    }
    const badScore = await client.post(`/track/${trackingCode}/rate`, {
      _csrf: token,
      score: '9',
    });
    expect(badScore.status).toBe(422);
    expect(badScore.html).toContain(FIELD_ERRORS.score);
    expect(await citizenRows(caseId)).toEqual(before);
    expect((await db('cases').where({ id: caseId }).first('status')).status).toBe('info-requested');

    // A good answer goes through, and the case moves on.
    const sent = await client.post(
      `/track/${trackingCode}/supplement`,
      supplementForm(token, 'فیش پیوست شد.', { name: 'fish.png', content: PNG }),
    );
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`/track/${trackingCode}`);
    expect((await client.get(sent.location!)).html).toContain(PAGE_MESSAGES.supplementSent);
    expect((await db('cases').where({ id: caseId }).first('status')).status).toBe('routed');
  });

  it('acts on no case for a visitor who tracked another one', async () => {
    const first = await trackedCase();
    const second = await trackedCase();
    const response = await first.client.post(`/track/${second.trackingCode}/rate`, {
      _csrf: first.token,
      score: '1',
    });
    expect(response.status).toBe(403);
    expect(response.html).toContain(PAGE_MESSAGES.trackFirst);
  });
});
