import { randomUUID } from 'node:crypto';
import type { StaffRole } from '../../domain/desk/caseStatus';
import { toPersianDigits } from '../../domain/shared/digits';
import { HAJJ_PAGE_MESSAGES } from '../../domain/hajj/copy';
import { FIELD_ERRORS, PAGE_MESSAGES, UPLOAD_ERRORS } from '../../domain/shared/copy';
import { PNG, requestFields, requestForm, trackingCodeOf } from '../support/citizen';
import { newCitizen } from '../support/generators';
import { depositLines, importLines } from '../support/hajj';
import { eventually, hiddenValue, WebClient } from '../support/http';
import { routedCase, staffLogin, staffPost, startTestSystem, type TestSystem } from '../support/system';

/**
 * Input no form of the site would send (cut bodies, misplaced files, numbers no column holds) over
 * HTTP against the real web, database and engine: each is the client's mistake, answered with a
 * 4xx and a Persian message on the page it came from, never a 500, and nothing is stored.
 */
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem({ LOG_LEVEL: 'silent' });
});

afterAll(async () => {
  await system?.close();
});

const noStackTrace = (html: string) => expect(html).not.toMatch(/at \w+ \(|Error:|node_modules/);

async function count(table: string): Promise<number> {
  return Number((await system.db(table).count({ n: '*' }).first())!.n);
}

/** Rows any of the upload forms could leave behind. */
async function storedRows() {
  const tables = ['cases', 'case_attachments', 'case_messages', 'workflow_outbox'];
  const hajj = ['hajj_deposits', 'hajj_deposit_imports', 'hajj_caravans', 'audit_log'];
  return Object.fromEntries(await Promise.all([...tables, ...hajj].map(async (t) => [t, await count(t)])));
}

const BOUNDARY = '----miz-test-boundary';
type Part = { name: string; value: string } | { name: string; filename: string; content: Buffer };

/** A multipart body built by hand, byte for byte, so it can be cut or carry what a browser would not. */
function multipart(parts: Part[]): Buffer {
  const chunks = parts.map((p) =>
    'filename' in p
      ? Buffer.concat([
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\n` +
              'Content-Type: application/octet-stream\r\n\r\n',
          ),
          p.content,
          Buffer.from('\r\n'),
        ])
      : Buffer.from(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`,
        ),
  );
  return Buffer.concat([...chunks, Buffer.from(`--${BOUNDARY}--\r\n`)]);
}

const fieldsOf = (fields: Record<string, string>): Part[] =>
  Object.entries(fields).map(([name, value]) => ({ name, value }));
const png = (name: string, filename = 'scan.png'): Part => ({ name, filename, content: PNG });

/** Every malformed kind, as a body from the form's own fields. */
function malformedBodies(fields: Part[], fileField: string, textField: string, textLength: number) {
  const whole = multipart([...fields, png(fileField)]);
  const overLong = fields.map((p) =>
    p.name === textField ? { name: p.name, value: 'ا'.repeat(textLength) } : p,
  );
  return {
    truncated: {
      body: whole.subarray(0, whole.length - 40),
      type: `multipart/form-data; boundary=${BOUNDARY}`,
    },
    missingBoundary: { body: whole, type: 'multipart/form-data' },
    wrongField: {
      body: multipart([...fields, png('somethingElse')]),
      type: `multipart/form-data; boundary=${BOUNDARY}`,
    },
    tooManyFiles: {
      body: multipart([...fields, ...Array.from({ length: 4 }, () => png(fileField))]),
      type: `multipart/form-data; boundary=${BOUNDARY}`,
    },
    textTooLong: { body: multipart(overLong), type: `multipart/form-data; boundary=${BOUNDARY}` },
  };
}

type Kind = keyof ReturnType<typeof malformedBodies>;

describe('malformed multipart on every upload form: the form again, a 4xx, nothing stored', () => {
  const requestExpected: Record<Kind, [number, string]> = {
    truncated: [400, UPLOAD_ERRORS.malformed],
    missingBoundary: [400, UPLOAD_ERRORS.malformed],
    wrongField: [400, UPLOAD_ERRORS.unexpectedFile],
    tooManyFiles: [413, FIELD_ERRORS.attachmentCount],
    textTooLong: [413, FIELD_ERRORS.textTooLong('۲۰۰۰')],
  };

  it.each(Object.keys(requestExpected) as Kind[])('the request form: %s', async (kind) => {
    const client = new WebClient(system.baseUrl);
    const page = await client.get('/requests/new');
    const fields = fieldsOf(requestFields(page.html, newCitizen(), { email: 'kept@example.ir' }));
    const { body, type } = malformedBodies(fields, 'attachments', 'text', 100_000)[kind];
    const before = await storedRows();
    const response = await client.postRaw('/requests', body, type);
    const [status, message] = requestExpected[kind];
    expect(response.status).toBe(status);
    expect(response.html).toContain(message);
    expect(response.html).toContain('action="/requests"');
    noStackTrace(response.html);
    expect(await storedRows()).toEqual(before);
  });

  it('the request form keeps what was typed before the problem', async () => {
    const client = new WebClient(system.baseUrl);
    const page = await client.get('/requests/new');
    const fields = fieldsOf(requestFields(page.html, newCitizen(), { email: 'kept@example.ir' }));
    const { body, type } = malformedBodies(fields, 'attachments', 'text', 100_000).wrongField;
    const response = await client.postRaw('/requests', body, type);
    expect(response.status).toBe(400);
    expect(response.html).toContain('value="kept@example.ir"');
  });

  describe('the answer to an expert’s question', () => {
    let client: WebClient;
    let token: string;
    let trackingCode: string;

    beforeAll(async () => {
      const citizen = newCitizen();
      client = new WebClient(system.baseUrl);
      const form = await client.get('/requests/new');
      trackingCode = trackingCodeOf((await client.post('/requests', requestForm(form.html, citizen))).html)!;
      await routedCase(system.db, trackingCode);
      const trackPage = await client.get('/track');
      token = hiddenValue(trackPage.html, '_csrf');
      const tracked = await client.post('/track', {
        _csrf: token,
        nationalCode: citizen.nationalCode,
        trackingCode,
        captcha: '',
      });
      expect(tracked.status).toBe(200);
    });

    const supplementExpected: Record<Kind, [number, string]> = {
      truncated: [400, UPLOAD_ERRORS.malformed],
      missingBoundary: [400, UPLOAD_ERRORS.malformed],
      wrongField: [400, UPLOAD_ERRORS.unexpectedFile],
      tooManyFiles: [413, FIELD_ERRORS.attachmentCount],
      textTooLong: [413, FIELD_ERRORS.citizenTextTooLong('۲۰۰۰')],
    };

    it.each(Object.keys(supplementExpected) as Kind[])('%s', async (kind) => {
      const fields = fieldsOf({ _csrf: token, text: 'فیش پیوست شد.' });
      const { body, type } = malformedBodies(fields, 'attachments', 'text', 100_000)[kind];
      const before = await storedRows();
      const response = await client.postRaw(`/track/${trackingCode}/supplement`, body, type);
      const [status, message] = supplementExpected[kind];
      expect(response.status).toBe(status);
      expect(response.html).toContain(message);
      // The case's own page, not a bare error page.
      expect(response.html).toContain(toPersianDigits(trackingCode));
      noStackTrace(response.html);
      expect(await storedRows()).toEqual(before);
    });

    it('a visitor who has not tracked the case gets the error page, not a 500', async () => {
      const stranger = new WebClient(system.baseUrl);
      const { body, type } = malformedBodies(fieldsOf({ text: 'x' }), 'attachments', 'text', 10).truncated;
      const response = await stranger.postRaw(`/track/${trackingCode}/supplement`, body, type);
      expect(response.status).toBe(400);
      expect(response.html).toContain(UPLOAD_ERRORS.malformed);
      noStackTrace(response.html);
    });
  });

  describe('the Hajj deposit import', () => {
    const importExpected: Record<Kind, [number, string]> = {
      truncated: [400, UPLOAD_ERRORS.malformed],
      missingBoundary: [400, UPLOAD_ERRORS.malformed],
      wrongField: [400, UPLOAD_ERRORS.unexpectedFile],
      tooManyFiles: [413, UPLOAD_ERRORS.fileCount],
      // The pasted rows over the parser's own limit of a field (1 MB).
      textTooLong: [413, UPLOAD_ERRORS.fieldSize],
    };

    it.each(Object.keys(importExpected) as Kind[])('%s', async (kind) => {
      const hq = await staffLogin(system, 'admin', null);
      const page = await hq.client.get('/staff/hajj');
      const fields = fieldsOf({ _csrf: hiddenValue(page.html, '_csrf'), rows: depositLines(2).join('\n') });
      const { body, type } = malformedBodies(fields, 'file', 'rows', 600_000)[kind];
      const before = await storedRows();
      const response = await hq.client.postRaw('/staff/hajj/import', body, type);
      const [status, message] = importExpected[kind];
      expect(response.status).toBe(status);
      expect(response.html).toContain(message);
      expect(response.html).toContain('action="/staff/hajj/import"');
      noStackTrace(response.html);
      expect(await storedRows()).toEqual(before);
    });
  });
});

describe('a body over the parsers’ limits', () => {
  it('a urlencoded form over its limit (100,000 characters of request text) is a 413 in Persian', async () => {
    const client = new WebClient(system.baseUrl);
    const page = await client.get('/requests/new');
    const before = await storedRows();
    const response = await client.post(
      '/requests',
      requestFields(page.html, newCitizen(), { text: 'ا'.repeat(100_000) }),
    );
    expect(response.status).toBe(413);
    expect(response.html).toContain(PAGE_MESSAGES.formTooLarge);
    noStackTrace(response.html);
    expect(await storedRows()).toEqual(before);
  });
});

describe('numbers in URLs, query strings and forms that no column holds', () => {
  const HUGE = ['99999999999', '99999999999999999999', '1e400', '1e20', '-1'];

  it('staff and Hajj pages with an id answer 404', async () => {
    const hq = await staffLogin(system, 'admin', null);
    const client = new WebClient(system.baseUrl);
    const form = await client.get('/requests/new');
    const code = trackingCodeOf((await client.post('/requests', requestForm(form.html, newCitizen()))).html)!;
    const before = await storedRows();
    for (const id of HUGE) {
      for (const path of [`/staff/hajj/caravans/${id}`, `/staff/cases/${code}/attachments/${id}`]) {
        const response = await hq.client.get(path);
        expect([path, response.status]).toEqual([path, 404]);
        expect(response.html).toContain(PAGE_MESSAGES.notFound);
      }
      for (const [page, action, fields] of [
        ['/staff/hajj', `/staff/hajj/caravans/${id}/visa-request`, {}],
        ['/staff/admin/staff', `/staff/admin/staff/${id}`, { fullName: 'نام', role: 'admin' }],
        ['/staff/admin/canned', `/staff/admin/canned/${id}/delete`, {}],
        ['/staff/admin/canned', '/staff/admin/canned', { id, title: 'عنوان', body: 'متن' }],
      ] as const) {
        const response = await staffPost(hq.client, page, action, fields);
        expect([action, response.status]).toEqual([action, 404]);
        noStackTrace(response.html);
      }
    }
    expect(await storedRows()).toEqual(before);
  });

  it('admin pages with a number in the query string answer 400', async () => {
    const hq = await staffLogin(system, 'admin', null);
    for (const path of [
      '/staff/admin/holidays?year=99999999999',
      '/staff/admin/holidays?year=1e20',
      '/staff/admin/holidays?year=99999',
      '/staff/admin/audit?beforeId=99999999999999999999',
      '/staff/admin/audit?beforeId=1e20',
    ]) {
      const response = await hq.client.get(path);
      expect([path, response.status]).toEqual([path, 400]);
      expect(response.html).toContain(PAGE_MESSAGES.badAddress);
      noStackTrace(response.html);
    }
    expect((await hq.client.get('/staff/admin/holidays?year=۱۴۰۵')).status).toBe(200);
  });

  it('the inbox drops a cursor PostgreSQL cannot read, rather than failing', async () => {
    const hq = await staffLogin(system, 'admin', null);
    for (const cursor of ['1|5', '2026-02-30 10:00:00+00|5', '2026-01-01 10:00:00+00|99999999999999999999']) {
      const response = await hq.client.get(`/staff/inbox?after=${Buffer.from(cursor).toString('base64url')}`);
      expect([cursor, response.status]).toEqual([cursor, 200]);
    }
  });

  it('a caravan with a capacity, price, agent or date no column holds is refused in Persian', async () => {
    const hq = await staffLogin(system, 'admin', null);
    const good = {
      name: 'کاروان',
      province: 'tehran',
      agentName: 'کارگزار',
      managerName: 'مدیر',
      price: '1500000000',
      capacity: '40',
      departsFrom: '۱۴۰۸/۱۰/۱۱',
      departsTo: '۱۴۰۸/۱۰/۲۰',
      flightDate: '۱۴۰۸/۱۰/۱۵',
    };
    const before = await storedRows();
    const bads: Record<string, string>[] = [
      { capacity: '1e20' },
      { capacity: '99999999999' },
      { price: '9999999999999999999' },
      { agentStaffId: '99999999999' },
      { agentStaffId: '2147483647' },
      { departsFrom: '2030-02-31' },
      { departsFrom: '۱۴۰۸/۱۳/۰۱' },
    ];
    for (const bad of bads) {
      const response = await staffPost(hq.client, '/staff/hajj', '/staff/hajj/caravans', {
        ...good,
        code: `C-${randomUUID().slice(0, 8)}`,
        ...bad,
      });
      expect([bad, response.status]).toEqual([bad, 422]);
      expect(response.html).toContain(HAJJ_PAGE_MESSAGES.caravanForm);
      noStackTrace(response.html);
    }
    expect(await storedRows()).toEqual(before);
  });

  it('booking at the caravan office with a caravan id no column holds finds nothing', async () => {
    const agent = await staffLogin(system, 'agent' as StaffRole, 'tehran');
    const [line] = depositLines(1);
    await importLines(system.db, [line]);
    const [nationalCode, depositNumber] = line.split(',');
    const before = await storedRows();
    const response = await staffPost(agent.client, '/staff/hajj', '/staff/hajj/office-booking', {
      nationalCode,
      depositNumber,
      caravanId: '99999999999',
    });
    expect(response.status).toBe(404);
    expect(response.html).toContain(HAJJ_PAGE_MESSAGES.queueNotFound);
    expect(await storedRows()).toEqual(before);
  });

  it('assigning a case to a staff id no column holds is refused in Persian, and the case is unchanged', async () => {
    const supervisor = await staffLogin(system, 'supervisor', 'tehran');
    const client = new WebClient(system.baseUrl);
    const form = await client.get('/requests/new');
    const code = trackingCodeOf((await client.post('/requests', requestForm(form.html, newCitizen()))).html)!;
    const routed = await routedCase(system.db, code);
    const response = await staffPost(
      supervisor.client,
      `/staff/cases/${code}`,
      `/staff/cases/${code}/assign`,
      {
        staffId: '99999999999',
      },
    );
    expect(response.status).toBe(422);
    expect(response.html).toContain(PAGE_MESSAGES.assigneeRequired);
    const after = await system.db('cases').where({ tracking_code: code }).first('status', 'assigned_to');
    expect(after).toEqual({ status: routed.status, assigned_to: routed.assigned_to });
  });
});

describe('uploaded file names', () => {
  it('a Persian name is stored and shown as typed, and sent back as RFC 5987 filename*', async () => {
    const client = new WebClient(system.baseUrl);
    const page = await client.get('/requests/new');
    const name = 'مدارک-شناسایی.png';
    const submitted = await client.post(
      '/requests',
      requestForm(page.html, newCitizen(), {}, [{ name, content: PNG, type: 'image/png' }]),
    );
    const code = trackingCodeOf(submitted.html)!;
    const stored = await system
      .db('case_attachments as a')
      .join('cases as c', 'c.id', 'a.case_id')
      .where('c.tracking_code', code)
      .first('a.id', 'a.filename');
    expect(stored.filename).toBe(name);

    const hq = await staffLogin(system, 'admin', null);
    const casePage = await eventually(
      () => hq.client.get(`/staff/cases/${code}`),
      (r) => r.status === 200,
    );
    expect(casePage.html).toContain(name);
    const download = await hq.client.get(`/staff/cases/${code}/attachments/${stored.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(name)}`,
    );
  });

  it('bidirectional controls are stripped, so a name cannot pass for another type', async () => {
    const client = new WebClient(system.baseUrl);
    const page = await client.get('/requests/new');
    const submitted = await client.post(
      '/requests',
      requestForm(page.html, newCitizen(), {}, [{ name: 'x\u202Efdp.png', content: PNG }]),
    );
    const code = trackingCodeOf(submitted.html)!;
    const stored = await system
      .db('case_attachments as a')
      .join('cases as c', 'c.id', 'a.case_id')
      .where('c.tracking_code', code)
      .first('a.id', 'a.filename');
    expect(stored.filename).toBe('xfdp.png');

    const hq = await staffLogin(system, 'admin', null);
    const casePage = await hq.client.get(`/staff/cases/${code}`);
    expect(casePage.html).toContain('xfdp.png');
    expect(casePage.html).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    const download = await hq.client.get(`/staff/cases/${code}/attachments/${stored.id}`);
    expect(download.headers.get('content-disposition')).not.toMatch(/%E2%80%AE|\u202E/i);
  });

  it('the Hajj import records the bank file’s Persian name, cleaned', async () => {
    const hq = await staffLogin(system, 'admin', null);
    const page = await hq.client.get('/staff/hajj');
    const form = new FormData();
    form.append('_csrf', hiddenValue(page.html, '_csrf'));
    form.append('file', new Blob([depositLines(1).join('\n')], { type: 'text/csv' }), 'ودیعه‌ها\u202E.csv');
    const response = await hq.client.post('/staff/hajj/import', form);
    expect(response.status).toBe(303);
    const last = await system.db('hajj_deposit_imports').orderBy('id', 'desc').first('filename');
    expect(last.filename).toBe('ودیعه‌ها.csv');
  });
});
