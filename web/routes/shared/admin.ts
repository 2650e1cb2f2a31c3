import argon2 from 'argon2';
import { Router, type Request, type Response } from 'express';
import {
  addSubSubject,
  listStaff,
  readAudit,
  updateStaff,
  updateSubject,
  writeSettings,
} from '../../../db/queries/shared/admin';
import { issueApiKey, listApiKeys, revokeApiKey } from '../../../db/queries/desk/apiKeys';
import { audit } from '../../../db/queries/shared/audit';
import type { AuditAction } from '../../../domain/shared/audit';
import {
  addHoliday,
  listHolidays,
  moveHoliday,
  removeHoliday,
  routedCasesDueAfter,
} from '../../../db/queries/shared/calendar';
import {
  deleteCannedReply,
  listCannedReplies,
  saveCannedReply,
} from '../../../db/queries/desk/cannedReplies';
import { loadReference } from '../../../db/queries/shared/reference';
import { readSettings } from '../../../db/queries/shared/settings';
import { markIncidentRetried, openIncidents } from '../../../db/queries/shared/incidents';
import { createStaff, usernameTaken } from '../../../db/queries/shared/staff';
import { tehranDateKey, tehranMidnight } from '../../../domain/shared/businessCalendar';
import { STAFF_ROLES, type Desk } from '../../../domain/desk/caseStatus';
import { toLatinDigits, toPersianDigits } from '../../../domain/shared/digits';
import {
  formatJalaliDateTime,
  isoDateOfJalali,
  jalaliOfIsoDate,
  jalaliToGregorian,
  JALALI_YEARS,
  parseJalaliDate,
  tehranParts,
} from '../../../domain/shared/jalali';
import { parseBigintId, parseIntegerId, parseWholeNumber } from '../../../domain/shared/numbers';
import { DESK_LABELS } from '../../../domain/desk/copy';
import { ADMIN_MESSAGES as M, PAGE_MESSAGES, ROLE_LABELS } from '../../../domain/shared/copy';
import { readStaffContact } from '../../forms/shared/staffContact';
import { auditActionOptions, presentAuditEntry } from '../../presenters/audit';
import { csrf } from '../../middleware/security';
import type { WebDeps } from '../../deps';
import { retryIncidentSignal } from '../../../workflows/shared/messages';
import { calendarChangedSignal } from '../../../workflows/desk/messages';
import { badAddress, notFound, type StaffGuard } from './guard';

type Body = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
const WEEKDAYS = [
  { value: 6, label: 'شنبه' },
  { value: 0, label: 'یکشنبه' },
  { value: 1, label: 'دوشنبه' },
  { value: 2, label: 'سه‌شنبه' },
  { value: 3, label: 'چهارشنبه' },
  { value: 4, label: 'پنجشنبه' },
  { value: 5, label: 'جمعه' },
];

/** 'YYYY-MM-DD' of a Jalali date typed in any digits, or null. */
function gregorianKey(input: string): string | null {
  const jalali = parseJalaliDate(input);
  return jalali ? isoDateOfJalali(jalali) : null;
}

/** What an admin sets for a staff account, checked; errors are Persian, per field. */
async function readAccount(body: Body, provinces: Set<string>, creating: boolean) {
  const errors: string[] = [];
  const role = str(body.role) as (typeof STAFF_ROLES)[number];
  if (!STAFF_ROLES.includes(role)) errors.push(M.role);
  const province = str(body.province) || null;
  const needsProvince = role === 'expert' || role === 'supervisor';
  if (needsProvince ? !province || !provinces.has(province) : province !== null) errors.push(M.province);
  const desks = list(body.desks).filter((d) => d === 'province' || d === 'inspection');
  if (role === 'expert' && desks.length === 0) errors.push(M.desks);
  const fullName = str(body.fullName);
  if (!fullName || fullName.length > 100) errors.push(M.fullName);
  const password = String(body.password ?? '');
  if ((creating || password) && password.length < 10) errors.push(M.password);
  const { errors: contactErrors, contact } = readStaffContact(body);
  errors.push(...contactErrors);
  return {
    errors,
    account: {
      ...contact,
      fullName,
      role,
      province,
      desks: desks.length ? desks : ['province'],
      active: creating || body.active === '1',
      passwordHash: password ? await argon2.hash(password, { type: argon2.argon2id }) : undefined,
    },
  };
}

const SIGNAL_CONCURRENCY = 16;

/**
 * Tells every case whose running deadline lies after the earliest changed day to count it again on
 * the new calendar. In the background: the admin's page does not wait for thousands of cases, and a
 * case the engine cannot reach now counts its next deadline on the new calendar anyway.
 */
async function recountDeadlines(deps: WebDeps, days: string[]): Promise<void> {
  try {
    const earliest = days.map(tehranMidnight).reduce((a, b) => (a < b ? a : b));
    const codes = await routedCasesDueAfter(deps.db, earliest);
    for (let i = 0; i < codes.length; i += SIGNAL_CONCURRENCY) {
      await Promise.allSettled(
        codes
          .slice(i, i + SIGNAL_CONCURRENCY)
          .map((code) => deps.temporal.workflow.getHandle(code).signal(calendarChangedSignal)),
      );
    }
  } catch (err) {
    deps.log.warn({ err }, 'deadline recount after a calendar change failed');
  }
}

/**
 * Headquarters' administration: staff accounts and roles, subjects and their deadlines, the holiday
 * calendar, the site's texts and the lifecycle's periods, canned replies, integrators' API keys, and
 * the audit log. Every change is audited.
 */
export function adminRoutes(deps: WebDeps, guard: StaffGuard): Router {
  const router = Router();
  const admin = guard.requireRole('admin');
  const post = (path: string, handler: (req: Request, res: Response) => Promise<void>) =>
    router.post(path, ...admin, csrf.csrfSynchronisedProtection, handler);
  const record = (req: Request, action: AuditAction, target: string, details: Record<string, unknown> = {}) =>
    audit(deps.db, { actorStaffId: req.staff!.id, action, target, ip: req.ip, details });
  const saved = (req: Request) => (req.query.saved === '1' ? M.saved : undefined);

  router.get('/staff/admin', ...admin, (_req, res) => res.render('admin/index', { title: 'مدیریت سامانه' }));

  // Staff accounts and roles.
  const staffPage = async (req: Request, res: Response, errors: string[] = [], values: Body = {}) => {
    const [accounts, ref] = await Promise.all([listStaff(deps.db), loadReference(deps.db)]);
    res.render('admin/staff', {
      title: 'کاربران و نقش‌ها',
      saved: saved(req),
      errors,
      values,
      roles: STAFF_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
      provinces: ref.provinces,
      accounts: accounts.map((a) => ({
        ...a,
        roleLabel: ROLE_LABELS[a.role],
        provinceName: a.province ? ref.province(a.province)?.name : '—',
        desksLabel: a.desks.map((d) => DESK_LABELS[d as Desk] ?? d).join('، '),
        roles: STAFF_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r], selected: r === a.role })),
        provinces: ref.provinces.map((p) => ({ ...p, selected: p.slug === a.province })),
        inspectionDesk: a.desks.includes('inspection'),
        provinceDesk: a.desks.includes('province'),
      })),
    });
  };
  router.get('/staff/admin/staff', ...admin, (req, res) => staffPage(req, res));
  post('/staff/admin/staff', async (req, res) => {
    const provinces = new Set((await loadReference(deps.db)).provinces.map((p) => p.slug));
    const { errors, account } = await readAccount(req.body, provinces, true);
    const username = str(req.body.username).toLowerCase();
    if (!/^[a-z0-9.-]{3,40}$/.test(username)) errors.push(M.username);
    else if (await usernameTaken(deps.db, username)) errors.push(M.usernameTaken);
    if (errors.length) {
      res.status(422);
      return staffPage(req, res, errors, { ...req.body, password: '' });
    }
    const id = await createStaff(deps.db, { ...account, username, passwordHash: account.passwordHash! });
    await record(req, 'staff-create', username, { id, role: account.role, province: account.province });
    res.redirect(303, '/staff/admin/staff?saved=1');
  });
  post('/staff/admin/staff/:id', async (req, res) => {
    const id = parseIntegerId(req.params.id);
    const provinces = new Set((await loadReference(deps.db)).provinces.map((p) => p.slug));
    const { errors, account } = await readAccount(req.body, provinces, false);
    if (errors.length) {
      res.status(422);
      return staffPage(req, res, errors);
    }
    if (id === null || !(await updateStaff(deps.db, id, account))) {
      res.status(404);
      return staffPage(req, res);
    }
    await record(req, 'staff-update', String(id), {
      role: account.role,
      province: account.province,
      desks: account.desks,
      active: account.active,
      passwordChanged: Boolean(account.passwordHash),
    });
    res.redirect(303, '/staff/admin/staff?saved=1');
  });

  // Subjects, sub-subjects, their desk and deadline.
  const subjectsPage = async (req: Request, res: Response, errors: string[] = []) => {
    const ref = await loadReference(deps.db);
    res.render('admin/subjects', {
      title: 'موضوعات و مهلت‌ها',
      saved: saved(req),
      errors,
      subjects: ref.subjects.map((s) => ({
        ...s,
        desks: Object.entries(DESK_LABELS).map(([value, label]) => ({
          value,
          label,
          selected: value === s.desk,
        })),
      })),
    });
  };
  router.get('/staff/admin/subjects', ...admin, (req, res) => subjectsPage(req, res));
  post('/staff/admin/subjects/:slug', async (req, res) => {
    const name = str(req.body.name);
    const sla = Number(toLatinDigits(str(req.body.slaBusinessDays)));
    const desk = str(req.body.desk) as Desk;
    const errors = [
      ...(!name ? [M.subjectName] : []),
      ...(Number.isInteger(sla) && sla >= 1 && sla <= 60 ? [] : [M.slaDays]),
      ...(desk in DESK_LABELS ? [] : [M.desk]),
    ];
    if (errors.length) {
      res.status(422);
      return subjectsPage(req, res, errors);
    }
    const slug = String(req.params.slug);
    if (!(await updateSubject(deps.db, slug, { name, desk, slaBusinessDays: sla }))) {
      res.status(404);
      return subjectsPage(req, res);
    }
    await record(req, 'subject-update', slug, { name, desk, slaBusinessDays: sla });
    res.redirect(303, '/staff/admin/subjects?saved=1');
  });
  post('/staff/admin/subjects/:slug/children', async (req, res) => {
    const subject = String(req.params.slug);
    const slug = str(req.body.slug);
    const name = str(req.body.name);
    const errors = [...(/^[a-z0-9-]{2,60}$/.test(slug) ? [] : [M.slug]), ...(name ? [] : [M.subjectName])];
    if (!errors.length) {
      const ref = await loadReference(deps.db);
      const parent = ref.subject(subject);
      if (!parent) errors.push(M.subjectName);
      else if (parent.children.some((c) => c.slug === slug)) errors.push(M.slugTaken);
    }
    if (errors.length) {
      res.status(422);
      return subjectsPage(req, res, errors);
    }
    await addSubSubject(deps.db, subject, slug, name);
    await record(req, 'sub-subject-add', `${subject}/${slug}`, { name });
    res.redirect(303, '/staff/admin/subjects?saved=1');
  });

  // The holiday calendar of a Jalali year.
  const holidaysPage = async (req: Request, res: Response, errors: string[] = []) => {
    const asked = str(req.query.year);
    const year = asked
      ? parseWholeNumber(asked, JALALI_YEARS.min, JALALI_YEARS.max)
      : tehranParts(new Date()).year;
    if (year === null) return badAddress(res);
    const from = jalaliToGregorian({ year, month: 1, day: 1 });
    const to = jalaliToGregorian({ year: year + 1, month: 1, day: 1 });
    const key = (g: { year: number; month: number; day: number }) =>
      `${g.year}-${String(g.month).padStart(2, '0')}-${String(g.day).padStart(2, '0')}`;
    const lastDay = tehranDateKey(new Date(tehranMidnight(key(to)).getTime() - 1));
    const holidays = await listHolidays(deps.db, key(from), lastDay);
    res.render('admin/holidays', {
      title: 'تقویم تعطیلات',
      saved: saved(req),
      errors,
      year: toPersianDigits(year),
      prevYear: year - 1,
      nextYear: year + 1,
      holidays: holidays.map((h) => ({ ...h, jalaliDate: jalaliOfIsoDate(h.date) })),
    });
  };
  router.get('/staff/admin/holidays', ...admin, (req, res) => holidaysPage(req, res));
  post('/staff/admin/holidays', async (req, res) => {
    const op = str(req.body.op);
    const date = gregorianKey(str(req.body.date));
    const title = str(req.body.title);
    const errors: string[] = [];
    if (!date) errors.push(M.holidayDate);
    if (op === 'add' && !title) errors.push(M.holidayTitle);
    const to = op === 'move' ? gregorianKey(str(req.body.to)) : null;
    if (op === 'move' && !to) errors.push(M.holidayDate);
    if (!errors.length && op !== 'add' && (await listHolidays(deps.db, date!, date!)).length === 0)
      errors.push(M.holidayMissing);
    if (errors.length || !['add', 'move', 'remove'].includes(op)) {
      res.status(422);
      return holidaysPage(req, res, errors.length ? errors : [M.holidayDate]);
    }
    if (op === 'add') await addHoliday(deps.db, { date: date!, title, staffId: req.staff!.id });
    if (op === 'move') await moveHoliday(deps.db, date!, to!, req.staff!.id);
    if (op === 'remove') await removeHoliday(deps.db, date!);
    await record(req, `holiday-${op as 'add' | 'move' | 'remove'}`, date!, { to, title });
    void recountDeadlines(deps, [date!, ...(to ? [to] : [])]);
    const year = tehranParts(tehranMidnight(to ?? date!)).year;
    res.redirect(303, `/staff/admin/holidays?year=${year}&saved=1`);
  });

  // The site's texts, portal links, the lifecycle's periods and the working week.
  const TEXTS = ['notice', 'about', 'confidentiality'] as const;
  const URLS = ['portalUrl', 'newsPortalUrl'] as const;
  const DAYS = ['escalationBusinessDays', 'infoBusinessDays', 'feedbackBusinessDays'] as const;
  const settingsPage = async (req: Request, res: Response, errors: string[] = []) => {
    const settings = await readSettings(deps.db);
    const working = new Set(settings.workingDays?.split(',').map(Number));
    res.render('admin/settings', {
      title: 'تنظیمات سامانه',
      saved: saved(req),
      errors,
      settings,
      weekdays: WEEKDAYS.map((d) => ({ ...d, checked: working.has(d.value) })),
    });
  };
  router.get('/staff/admin/settings', ...admin, (req, res) => settingsPage(req, res));
  post('/staff/admin/settings', async (req, res) => {
    const values: Record<string, string> = {};
    const errors = new Set<string>();
    for (const k of TEXTS) {
      values[k] = str(req.body[k]);
      if (!values[k]) errors.add(M.text);
    }
    for (const k of URLS) {
      values[k] = str(req.body[k]);
      if (!/^https?:\/\/\S+$/.test(values[k])) errors.add(M.url);
    }
    for (const k of DAYS) {
      const n = Number(toLatinDigits(str(req.body[k])));
      if (Number.isInteger(n) && n >= 0 && n <= 60) values[k] = String(n);
      else errors.add(M.days);
    }
    const days = list(req.body.workingDays).filter((d) => /^[0-6]$/.test(d));
    if (days.length === 0) errors.add(M.workingDays);
    values.workingDays = days.join(',');
    const [start, end] = [str(req.body.workStart), str(req.body.workEnd)].map(toLatinDigits);
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(start) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(end) || start >= end)
      errors.add(M.hours);
    values.workStart = start;
    values.workEnd = end;
    if (errors.size) {
      res.status(422);
      return settingsPage(req, res, [...errors]);
    }
    await writeSettings(deps.db, values);
    await record(req, 'settings-update', 'settings', { keys: Object.keys(values) });
    res.redirect(303, '/staff/admin/settings?saved=1');
  });

  // Canned replies per subject.
  const cannedPage = async (req: Request, res: Response, errors: string[] = []) => {
    const [replies, ref] = await Promise.all([listCannedReplies(deps.db), loadReference(deps.db)]);
    res.render('admin/canned', {
      title: 'پاسخ‌های آماده',
      saved: saved(req),
      errors,
      subjects: ref.subjects,
      replies: replies.map((r) => ({
        ...r,
        subjectName: r.subject ? ref.subject(r.subject)?.name : 'همه موضوعات',
        subjects: ref.subjects.map((s) => ({ ...s, selected: s.slug === r.subject })),
      })),
    });
  };
  router.get('/staff/admin/canned', ...admin, (req, res) => cannedPage(req, res));
  post('/staff/admin/canned', async (req, res) => {
    const title = str(req.body.title);
    const body = str(req.body.body);
    const subject = str(req.body.subject) || null;
    const ref = await loadReference(deps.db);
    if (!title || !body || (subject && !ref.subject(subject))) {
      res.status(422);
      return cannedPage(req, res, [M.cannedTitle]);
    }
    const id = str(req.body.id) ? parseIntegerId(str(req.body.id)) : undefined;
    if (id === null) return notFound(res);
    const saved = await saveCannedReply(deps.db, { id, subject, title, body, staffId: req.staff!.id });
    await record(req, 'canned-save', String(saved), { subject, title });
    res.redirect(303, '/staff/admin/canned?saved=1');
  });
  post('/staff/admin/canned/:id/delete', async (req, res) => {
    const id = parseIntegerId(req.params.id);
    if (id === null) return notFound(res);
    await deleteCannedReply(deps.db, id);
    await record(req, 'canned-delete', String(id));
    res.redirect(303, '/staff/admin/canned?saved=1');
  });

  // Integrators' keys for the Open311 API: the key is shown once, only its hash is kept.
  const apiKeysPage = async (
    req: Request,
    res: Response,
    extra: { errors?: string[]; issued?: string } = {},
  ) => {
    const keys = await listApiKeys(deps.db);
    res.render('admin/apiKeys', {
      title: 'کلیدهای API',
      saved: saved(req),
      errors: extra.errors ?? [],
      issued: extra.issued,
      issuedNotice: M.apiKeyIssued,
      keys: keys.map((k) => ({
        ...k,
        createdAt: formatJalaliDateTime(k.createdAt),
        revokedAt: k.revokedAt ? formatJalaliDateTime(k.revokedAt) : null,
        lastUsedAt: k.lastUsedAt ? formatJalaliDateTime(k.lastUsedAt) : '—',
      })),
    });
  };
  router.get('/staff/admin/api-keys', ...admin, (req, res) => apiKeysPage(req, res));
  post('/staff/admin/api-keys', async (req, res) => {
    const integrator = str(req.body.integrator);
    const perMinute = parseWholeNumber(str(req.body.requestsPerMinute) || '60', 1, 6000);
    const errors = [
      ...(integrator && integrator.length <= 100 ? [] : [M.integrator]),
      ...(perMinute === null ? [M.requestsPerMinute] : []),
    ];
    if (errors.length || perMinute === null) {
      res.status(422);
      return apiKeysPage(req, res, { errors });
    }
    const { id, key } = await issueApiKey(deps.db, {
      integrator,
      requestsPerMinute: perMinute,
      staffId: req.staff!.id,
    });
    await record(req, 'api-key-issue', String(id), { integrator, requestsPerMinute: perMinute });
    res.status(201);
    await apiKeysPage(req, res, { issued: key });
  });
  post('/staff/admin/api-keys/:id/revoke', async (req, res) => {
    const id = parseIntegerId(req.params.id);
    if (id === null || !(await revokeApiKey(deps.db, id, req.staff!.id))) {
      res.status(404);
      return apiKeysPage(req, res, { errors: [M.apiKeyMissing] });
    }
    await record(req, 'api-key-revoke', String(id));
    res.redirect(303, '/staff/admin/api-keys?saved=1');
  });

  // The audit log: read-only, filtered, newest first.
  router.get('/staff/admin/audit', ...admin, async (req, res) => {
    const beforeId = str(req.query.beforeId) ? parseBigintId(str(req.query.beforeId)) : undefined;
    if (beforeId === null) return badAddress(res);
    const values = {
      actor: str(req.query.actor),
      action: str(req.query.action),
      from: str(req.query.from),
      to: str(req.query.to),
    };
    const from = gregorianKey(values.from);
    const to = gregorianKey(values.to);
    const { rows, nextBeforeId } = await readAudit(deps.db, {
      actor: values.actor || undefined,
      action: values.action || undefined,
      from: from ? tehranMidnight(from) : undefined,
      before: to ? new Date(tehranMidnight(to).getTime() + 86_400_000) : undefined,
      beforeId,
    });
    const ref = await loadReference(deps.db);
    const ctx = { province: (slug: string) => ref.province(slug)?.name ?? slug, day: jalaliOfIsoDate };
    res.render('admin/audit', {
      title: 'گزارش رویدادها',
      values,
      actions: auditActionOptions(values.action),
      entries: rows.map((r) => ({
        ...r,
        ...presentAuditEntry(r, ctx),
        at: formatJalaliDateTime(r.at),
      })),
      nextHref: nextBeforeId
        ? `/staff/admin/audit?${new URLSearchParams({ ...values, beforeId: String(nextBeforeId) })}`
        : null,
    });
  });

  // Incidents: cases and journeys whose step failed permanently wait here for an operator's retry.
  const incidentsPage = async (req: Request, res: Response, errors: string[] = []) => {
    const incidents = await openIncidents(deps.db);
    res.render('admin/incidents', {
      title: 'رخدادهای باز',
      saved: req.query.saved === '1' ? M.incidentRetried : undefined,
      errors,
      incidents: incidents.map((i) => ({
        ...i,
        href:
          i.kind === 'case'
            ? `/staff/cases/${i.workflowId}`
            : `/staff/hajj/pilgrims/${i.workflowId.replace(/^hajj-/, '')}`,
        kindLabel: i.kind === 'case' ? 'درخواست' : 'سفر حج',
        raisedAt: formatJalaliDateTime(i.raisedAt),
        retriedAt: i.retriedAt ? formatJalaliDateTime(i.retriedAt) : '',
      })),
    });
  };
  router.get('/staff/admin/incidents', ...admin, (req, res) => incidentsPage(req, res));
  post('/staff/admin/incidents/retry', async (req, res) => {
    const workflowId = str(req.body.workflowId);
    if (!(await markIncidentRetried(deps.db, workflowId, req.staff!.id))) {
      res.status(404);
      return incidentsPage(req, res, [M.incidentUnknown]);
    }
    try {
      await deps.temporal.workflow.getHandle(workflowId).signal(retryIncidentSignal);
    } catch (err) {
      deps.log.warn({ err, workflowId }, 'incident retry signal failed');
      res.status(503);
      return incidentsPage(req, res, [PAGE_MESSAGES.engineUnavailable]);
    }
    await record(req, 'incident-retry', workflowId);
    res.redirect(303, '/staff/admin/incidents?saved=1');
  });

  return router;
}
