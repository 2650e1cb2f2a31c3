import { randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { audit } from '../../db/queries/audit';
import {
  findStaffById,
  findStaffForLogin,
  recordLoginFailure,
  recordLoginSuccess,
  type StaffMember,
} from '../../db/queries/staff';
import { caseForStaff, createMessage, inbox } from '../../db/queries/staffCases';
import { staffRefusal } from '../../domain/caseActions';
import { toPersianDigits } from '../../domain/digits';
import { formatJalaliDateTime } from '../../domain/jalali';
import { EVENT_LABELS, PAGE_MESSAGES, STATUS_LABELS } from '../../domain/messages';
import { maskNationalCode } from '../../domain/nationalCode';
import { replyUpdate } from '../../workflows/messages';
import { csrf, limit } from '../middleware/security';
import { cachedReference, type WebDeps } from '../deps';

const LOCK_AFTER_FAILURES = 5;
const LOCK_MINUTES = 15;
const REPLY_MAX_LENGTH = 4000;

export const ROLE_LABELS: Record<StaffMember['role'], string> = {
  expert: 'کارشناس',
  supervisor: 'سرپرست استان',
  inspector: 'دفتر بازرسی',
  admin: 'مدیر سامانه',
};

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffMember;
  }
}

export function staffRoutes(deps: WebDeps): Router {
  const router = Router();
  const reference = cachedReference(deps.db);
  // Verifying against a real hash for unknown names keeps their timing like a known name's.
  const dummyHash = argon2.hash(randomUUID());

  router.get('/staff/login', (req, res) => renderLogin(req, res));

  router.post(
    '/staff/login',
    limit({ windowMinutes: 15, max: 30 }),
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const username = String(req.body?.username ?? '').trim();
      const password = String(req.body?.password ?? '');
      const staff = username ? await findStaffForLogin(deps.db, username) : undefined;
      const locked = staff?.lockedUntil && new Date(staff.lockedUntil) > new Date();
      const valid = await argon2
        .verify(staff && !locked ? staff.passwordHash : await dummyHash, password)
        .catch(() => false);
      if (!staff || locked || !valid) {
        if (staff && !locked) await recordLoginFailure(deps.db, staff.id, LOCK_AFTER_FAILURES, LOCK_MINUTES);
        await audit(deps.db, {
          actorStaffId: staff?.id ?? null,
          action: 'login-failed',
          target: username.slice(0, 100),
          ip: req.ip,
          details: { locked: Boolean(locked) },
        });
        res.status(401);
        return renderLogin(
          req,
          res,
          locked ? PAGE_MESSAGES.loginLocked : PAGE_MESSAGES.loginFailed,
          username,
        );
      }
      await recordLoginSuccess(deps.db, staff.id);
      await audit(deps.db, { actorStaffId: staff.id, action: 'login', ip: req.ip });
      // A new session id at login, so a session fixed before it is worth nothing after.
      await new Promise<void>((resolve, reject) =>
        req.session.regenerate((err) => (err ? reject(err) : resolve())),
      );
      req.session.staffId = staff.id;
      res.redirect(303, '/staff/inbox');
    },
  );

  router.post('/staff/logout', csrf.csrfSynchronisedProtection, (req, res) => {
    const staffId = req.session.staffId;
    req.session.destroy(() => {
      if (staffId) void audit(deps.db, { actorStaffId: staffId, action: 'logout', ip: req.ip });
      res.redirect(303, '/staff/login');
    });
  });

  const requireStaff = async (req: Request, res: Response, next: NextFunction) => {
    const staff = req.session.staffId ? await findStaffById(deps.db, req.session.staffId) : undefined;
    if (!staff) return res.redirect(303, '/staff/login');
    req.staff = staff;
    res.locals.staffUser = { fullName: staff.fullName, roleLabel: ROLE_LABELS[staff.role] };
    res.locals.csrfToken = csrf.generateToken(req);
    next();
  };

  router.get('/staff/inbox', requireStaff, async (req, res) => {
    const [rows, ref] = await Promise.all([inbox(deps.db, req.staff!), reference()]);
    const now = Date.now();
    res.render('staff/inbox', {
      title: 'کارتابل',
      cases: rows.map((c) => ({
        trackingCode: c.trackingCode,
        trackingCodeFa: toPersianDigits(c.trackingCode),
        province: ref.province(c.province)?.name ?? c.province,
        subject: ref.subject(c.subject)?.name ?? c.subject,
        status: STATUS_LABELS[c.status as keyof typeof STATUS_LABELS] ?? c.status,
        assignee: c.assigneeName ?? 'کارتابل استان',
        escalationLevel: c.escalationLevel ? toPersianDigits(c.escalationLevel) : '',
        dueAt: c.dueAt ? formatJalaliDateTime(c.dueAt) : '',
        overdue: c.dueAt !== null && c.dueAt.getTime() < now,
        createdAt: formatJalaliDateTime(c.createdAt),
      })),
    });
  });

  const renderCase = async (req: Request, res: Response, replyError?: string, replyText = '') => {
    const staff = req.staff!;
    const found = await caseForStaff(deps.db, staff, String(req.params.trackingCode));
    if (!found) {
      res.status(404).render('error', { title: 'یافت نشد', status: 404, message: PAGE_MESSAGES.notFound });
      return;
    }
    const { kase, attachments, events, messages } = found;
    if (kase.confidential) {
      await audit(deps.db, {
        actorStaffId: staff.id,
        action: 'view-confidential',
        target: kase.tracking_code,
        ip: req.ip,
      });
    }
    const ref = await reference();
    const subject = ref.subject(kase.subject);
    const bodies = new Map(messages.map((m) => [m.id, m.body]));
    const { namespace } = deps.config.temporal;
    res.render('staff/case', {
      title: `درخواست ${toPersianDigits(kase.tracking_code)}`,
      kase: {
        trackingCode: kase.tracking_code,
        trackingCodeFa: toPersianDigits(kase.tracking_code),
        status: STATUS_LABELS[kase.status as keyof typeof STATUS_LABELS] ?? kase.status,
        province: ref.province(kase.province)?.name,
        subject: subject?.name,
        subSubject: subject?.children.find((c) => c.slug === kase.sub_subject)?.name,
        citizenName: kase.citizen_name ?? '—',
        nationalCode: toPersianDigits(
          staff.role === 'expert' ? maskNationalCode(kase.national_code) : kase.national_code,
        ),
        mobile: toPersianDigits(kase.mobile),
        email: kase.email,
        phone: kase.phone ? toPersianDigits(`${kase.area_code}-${kase.phone}`) : '',
        text: kase.text,
        createdAt: formatJalaliDateTime(kase.created_at),
        dueAt: kase.due_at ? formatJalaliDateTime(kase.due_at) : '',
        assignee: kase.assignee_name ?? 'کارتابل استان',
        escalationLevel: toPersianDigits(kase.escalation_level),
        confidential: kase.confidential,
      },
      attachments: attachments.map((a) => ({
        ...a,
        sizeKb: toPersianDigits(Math.ceil(a.size_bytes / 1024)),
      })),
      timeline: events.map((e) => ({
        at: formatJalaliDateTime(e.at),
        text: EVENT_LABELS[e.kind] ?? e.kind,
        internal: !e.public,
        actor: e.actor_name,
        body: e.message_id ? bodies.get(e.message_id) : undefined,
      })),
      canReply:
        staffRefusal(
          'reply',
          { status: kase.status, assignedTo: kase.assigned_to, rated: false, objected: false },
          {
            staffId: staff.id,
            role: staff.role,
          },
        ) === null,
      replyError,
      replyText,
      replyMaxLength: REPLY_MAX_LENGTH,
      temporalUrl: `${deps.config.temporal.uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${kase.tracking_code}`,
    });
  };

  router.get('/staff/cases/:trackingCode', requireStaff, (req, res) => renderCase(req, res));

  router.get('/staff/cases/:trackingCode/attachments/:id', requireStaff, async (req, res) => {
    const found = await caseForStaff(deps.db, req.staff!, String(req.params.trackingCode));
    const attachment =
      found &&
      (await deps
        .db('case_attachments')
        .where({ case_id: found.kase.id, id: Number(req.params.id) || 0 })
        .first('filename', 'content'));
    if (!attachment) {
      res.status(404).render('error', { title: 'یافت نشد', status: 404, message: PAGE_MESSAGES.notFound });
      return;
    }
    // Downloaded, never shown inline: the browser must not interpret an uploaded file.
    res.attachment(attachment.filename).type('application/octet-stream').send(attachment.content);
  });

  router.post(
    '/staff/cases/:trackingCode/reply',
    requireStaff,
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const staff = req.staff!;
      const trackingCode = String(req.params.trackingCode);
      const text = String(req.body?.text ?? '').trim();
      const found = await caseForStaff(deps.db, staff, trackingCode);
      if (!found) {
        res.status(404).render('error', { title: 'یافت نشد', status: 404, message: PAGE_MESSAGES.notFound });
        return;
      }
      if (!text || text.length > REPLY_MAX_LENGTH) {
        res.status(422);
        return renderCase(req, res, PAGE_MESSAGES.replyRequired, text);
      }
      const messageId = randomUUID();
      await createMessage(deps.db, {
        id: messageId,
        trackingCode,
        kind: 'reply',
        authorStaffId: staff.id,
        body: text,
      });
      try {
        await deps.temporal.workflow.getHandle(trackingCode).executeUpdate(replyUpdate, {
          args: [{ actor: { staffId: staff.id, role: staff.role }, messageId }],
        });
      } catch (err) {
        const reason =
          err instanceof WorkflowUpdateFailedError && err.cause?.message
            ? err.cause.message
            : PAGE_MESSAGES.engineUnavailable;
        if (!(err instanceof WorkflowUpdateFailedError))
          deps.log.warn({ err, trackingCode }, 'reply update failed');
        res.status(409);
        return renderCase(req, res, PAGE_MESSAGES.actionRejected + reason, text);
      }
      await audit(deps.db, { actorStaffId: staff.id, action: 'reply', target: trackingCode, ip: req.ip });
      res.redirect(303, `/staff/cases/${trackingCode}`);
    },
  );

  return router;
}

function renderLogin(req: Request, res: Response, error?: string, username = '') {
  res.render('staff/login', {
    title: 'ورود به سامانه (ویژه همکاران)',
    error,
    username,
    csrfToken: csrf.generateToken(req),
  });
}
