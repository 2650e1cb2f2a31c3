import { discardRefusedMessage } from '../../../db/queries/desk/cases';
import { MAX_EXTENSION_DAYS } from '../../../domain/desk/policy';
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { audit } from '../../../db/queries/shared/audit';
import { loadCalendarSettings } from '../../../db/queries/shared/calendar';
import { cannedRepliesFor } from '../../../db/queries/desk/cannedReplies';
import { assignmentCandidate, eligibleAssignees, type StaffMember } from '../../../db/queries/shared/staff';
import { assigneeRefusal, transferRefusal } from '../../../domain/desk/access';
import {
  attachmentForStaff,
  caseForStaff,
  caseInScope,
  caseTarget,
  createMessage,
  type CaseTarget,
} from '../../../db/queries/desk/staffCases';
import { businessDaysBetween } from '../../../domain/shared/businessCalendar';
import { staffRefusal, type StaffAction } from '../../../domain/desk/caseActions';
import type { CaseStatus, Desk } from '../../../domain/desk/caseStatus';
import { toPersianDigits } from '../../../domain/shared/digits';
import { cleanFilename } from '../../../domain/shared/filenames';
import { parseBigintId, parseIntegerId, parseWholeNumber } from '../../../domain/shared/numbers';
import { formatJalaliDateTime } from '../../../domain/shared/jalali';
import { DESK_LABELS, EVENT_LABELS, STATUS_LABELS } from '../../../domain/desk/copy';
import { PAGE_MESSAGES, SELF_SERVICE_COPY } from '../../../domain/shared/copy';
import { maskNationalCode } from '../../../domain/shared/nationalCode';
import {
  assignUpdate,
  claimUpdate,
  extendUpdate,
  noteUpdate,
  replyUpdate,
  requestInfoUpdate,
  transferUpdate,
  type Actor,
} from '../../../workflows/desk/messages';
import { csrfOrReshow } from '../../middleware/security';
import { warnBeforeSessionEnds } from '../../middleware/sessionTimer';
import { loadReference } from '../../../db/queries/shared/reference';
import { cachedReference, type WebDeps } from '../../deps';
import { sendUpdate } from '../../updates';
import { notFound, type StaffGuard } from '../shared/guard';
import { renderLogin } from '../shared/auth';
import { parseTrackingCode } from '../../../domain/desk/trackingCode';

const TEXT_MAX_LENGTH = 4000;

export type Body = Record<string, string | undefined>;
type Reference = Awaited<ReturnType<ReturnType<typeof cachedReference>>>;
type Parsed = { args: Record<string, unknown> } | { error: string };
type CaseHandle = WorkflowHandle;

/**
 * Each staff action: what it reads from the form, the text it stores first (histories carry only
 * the text's id), and the workflow update that decides. The workflow's validator has the last word.
 */
interface ActionSpec {
  messageKind?: string;
  parse?: (body: Body, ref: Reference) => Parsed;
  /** Why the parsed form may not be taken for this case, from what the database says (as the workflow checks). */
  check?: (db: WebDeps['db'], kase: CaseTarget, args: Record<string, unknown>) => Promise<string | null>;
  run: (handle: CaseHandle, args: Record<string, unknown> & { actor: Actor }) => Promise<unknown>;
}

const ACTIONS: Record<StaffAction, ActionSpec> = {
  claim: { run: (h, a) => h.executeUpdate(claimUpdate, { args: [a as never] }) },
  assign: {
    parse: (body) => {
      const staffId = parseIntegerId(body.staffId);
      return staffId !== null ? { args: { staffId } } : { error: PAGE_MESSAGES.assigneeRequired };
    },
    check: async (db, kase, { staffId }) =>
      assigneeRefusal(await assignmentCandidate(db, staffId as number), kase),
    run: (h, a) => h.executeUpdate(assignUpdate, { args: [a as never] }),
  },
  reply: { messageKind: 'reply', run: (h, a) => h.executeUpdate(replyUpdate, { args: [a as never] }) },
  requestInfo: {
    messageKind: 'info-request',
    run: (h, a) => h.executeUpdate(requestInfoUpdate, { args: [a as never] }),
  },
  note: { messageKind: 'note', run: (h, a) => h.executeUpdate(noteUpdate, { args: [a as never] }) },
  transfer: {
    messageKind: 'transfer-reason',
    parse: (body, ref) => {
      const province = ref.province(body.province ?? '')?.slug;
      const desk = body.desk === 'province' || body.desk === 'inspection' ? (body.desk as Desk) : undefined;
      return province && desk ? { args: { province, desk } } : { error: PAGE_MESSAGES.transferTarget };
    },
    // The form offers only known provinces and desks; a confidential complaint stays with the Inspection Office.
    check: async (_db, kase, { province, desk }) =>
      transferRefusal(kase, { province: String(province), desk: String(desk) }, true),
    run: (h, a) => h.executeUpdate(transferUpdate, { args: [a as never] }),
  },
  extend: {
    messageKind: 'extension-reason',
    parse: (body) => {
      const businessDays = parseWholeNumber(body.businessDays, 1, MAX_EXTENSION_DAYS);
      return businessDays !== null ? { args: { businessDays } } : { error: PAGE_MESSAGES.extensionDays };
    },
    run: (h, a) => h.executeUpdate(extendUpdate, { args: [a as never] }),
  },
};

const isAction = (name: string): name is StaffAction => Object.hasOwn(ACTIONS, name);

interface Feedback {
  action: StaffAction;
  error: string;
  values: Body;
}

export function caseRoutes(deps: WebDeps, guard: StaffGuard): Router {
  const router = Router();
  const reference = cachedReference(deps.db);

  const renderCase = async (req: Request, res: Response, feedback?: Feedback) => {
    const staff = req.staff!;
    // A draft kept over a login that had expired (keepDraftWhenLoggedOut), shown once in its form.
    const draft = req.session.staffDraft;
    if (!feedback && draft && draft.trackingCode === req.params.trackingCode && isAction(draft.action)) {
      delete req.session.staffDraft;
      feedback = { action: draft.action, error: SELF_SERVICE_COPY.sessionRenewed, values: draft.values };
    }
    warnBeforeSessionEnds(res);
    const found = await caseForStaff(deps.db, staff, String(req.params.trackingCode));
    if (!found) return notFound(res);
    const { kase, attachments, events, messages } = found;
    if (kase.confidential) {
      await audit(deps.db, {
        actorStaffId: staff.id,
        action: 'view-confidential',
        target: kase.tracking_code,
        ip: req.ip,
      });
    }
    const [ref, calendar, canned, assignees] = await Promise.all([
      reference(),
      loadCalendarSettings(deps.db),
      cannedRepliesFor(deps.db, kase.subject),
      eligibleAssignees(deps.db, kase),
    ]);
    const subject = ref.subject(kase.subject);
    const bodies = new Map(messages.map((m) => [m.id, m.body]));
    const allowed = allowedActions(staff, kase.status, kase.assigned_to);
    const cannedId = Number(req.query.canned);
    const cannedText = canned.find((c) => c.id === cannedId)?.body;
    const daysLeft =
      kase.due_at && kase.status === 'routed' ? businessDaysBetween(new Date(), kase.due_at, calendar) : null;
    const { namespace, uiUrl } = deps.config.temporal;
    const valuesFor = (action: StaffAction) => (feedback?.action === action ? feedback.values : {});
    res.render('staff/case', {
      title: `درخواست ${toPersianDigits(kase.tracking_code)}`,
      kase: {
        trackingCode: kase.tracking_code,
        trackingCodeFa: toPersianDigits(kase.tracking_code),
        status: STATUS_LABELS[kase.status as CaseStatus] ?? kase.status,
        province: ref.province(kase.province)?.name,
        desk: DESK_LABELS[kase.desk as Desk],
        subject: subject?.name,
        subSubject: subject?.children.find((c) => c.slug === kase.sub_subject)?.name,
        citizenName: kase.citizen_name ?? '—',
        // Experts work the request; the full code is for those who must reach the citizen's record.
        nationalCode: toPersianDigits(
          staff.role === 'expert' ? maskNationalCode(kase.national_code) : kase.national_code,
        ),
        mobile: toPersianDigits(kase.mobile),
        email: kase.email,
        phone: kase.phone ? toPersianDigits(`${kase.area_code}-${kase.phone}`) : '',
        text: kase.text,
        createdAt: formatJalaliDateTime(kase.created_at),
        dueAt: kase.due_at ? formatJalaliDateTime(kase.due_at) : '',
        daysLeft:
          daysLeft === null
            ? ''
            : daysLeft >= 0
              ? `${toPersianDigits(daysLeft)} روز کاری مانده`
              : `${toPersianDigits(-daysLeft)} روز کاری از مهلت گذشته`,
        overdue: daysLeft !== null && daysLeft < 0,
        assignee: kase.assignee_name ?? 'کارتابل استان',
        escalationLevel: toPersianDigits(kase.escalation_level),
        confidential: kase.confidential,
      },
      attachments: attachments.map((a) => ({
        ...a,
        // Names stored before they were cleaned on upload are cleaned here.
        filename: cleanFilename(a.filename),
        sizeKb: toPersianDigits(Math.ceil(a.size_bytes / 1024)),
      })),
      timeline: events.map((e) => ({
        at: formatJalaliDateTime(e.at),
        text: EVENT_LABELS[e.kind] ?? e.kind,
        internal: !e.public,
        actor: e.actor_name,
        body: e.message_id ? bodies.get(e.message_id) : undefined,
      })),
      can: Object.fromEntries(allowed.map((a) => [a, true])),
      anyAction: allowed.length > 0,
      feedback,
      done: req.query.done === '1' ? PAGE_MESSAGES.actionDone : undefined,
      replyText: valuesFor('reply').text ?? cannedText ?? '',
      canned: canned.map((c) => ({ ...c, href: `/staff/cases/${kase.tracking_code}?canned=${c.id}#reply` })),
      assignees: assignees.map((a) => ({ ...a, selected: a.id === kase.assigned_to })),
      provinces: ref.provinces.map((p) => ({
        slug: p.slug,
        name: p.name,
        selected: p.slug === kase.province,
      })),
      desks: Object.entries(DESK_LABELS).map(([value, label]) => ({
        value,
        label,
        selected: value === kase.desk,
      })),
      values: Object.fromEntries((Object.keys(ACTIONS) as StaffAction[]).map((a) => [a, valuesFor(a)])),
      textMaxLength: TEXT_MAX_LENGTH,
      maxExtensionDays: MAX_EXTENSION_DAYS,
      temporalUrl: `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${kase.tracking_code}`,
    });
  };

  router.get('/staff/cases/:trackingCode', guard.requireStaff, (req, res) => renderCase(req, res));

  router.get('/staff/cases/:trackingCode/attachments/:id', guard.requireStaff, async (req, res) => {
    const id = parseBigintId(req.params.id);
    const attachment =
      id !== null && (await attachmentForStaff(deps.db, req.staff!, String(req.params.trackingCode), id));
    if (!attachment) return notFound(res);
    // Downloaded, never shown inline: the browser must not interpret an uploaded file. Express
    // sends a non-ASCII name as RFC 5987 `filename*` beside an ASCII fallback.
    res
      .attachment(cleanFilename(attachment.filename))
      .type('application/octet-stream')
      .send(attachment.content);
  });

  router.post(
    '/staff/cases/:trackingCode/:action',
    keepDraftWhenLoggedOut(),
    guard.requireStaff,
    // A stale token with the login still valid: the case page again with what was typed.
    csrfOrReshow(async (req, res) => {
      const action = String(req.params.action);
      if (!isAction(action)) return notFound(res);
      // Said next to the action's form, not twice.
      delete res.locals.sessionNote;
      await renderCase(req, res, {
        action,
        error: SELF_SERVICE_COPY.sessionRenewed,
        values: draftValues(req.body),
      });
    }),
    async (req, res) => {
      const trackingCode = String(req.params.trackingCode);
      const action = String(req.params.action);
      if (!isAction(action)) return notFound(res);
      const body = (req.body ?? {}) as Body;
      const outcome = await performAction(deps, req.staff!, trackingCode, action, body, req.ip);
      if (outcome === 'done') return res.redirect(303, `/staff/cases/${trackingCode}?done=1`);
      if (outcome.status === 404) return notFound(res);
      res.status(outcome.status);
      return renderCase(req, res, { action, error: outcome.error, values: body });
    },
  );

  return router;
}

declare module 'express-session' {
  interface SessionData {
    /** A staff form's text sent after the login expired: shown in its form after the next login. */
    staffDraft?: { trackingCode: string; action: string; values: Body };
  }
}

/** The fields of a staff form worth keeping (text and the small choices), never the token. */
function draftValues(body: unknown): Body {
  const b = (body ?? {}) as Record<string, unknown>;
  const kept: Body = {};
  for (const field of ['text', 'staffId', 'province', 'desk', 'businessDays'])
    if (typeof b[field] === 'string') kept[field] = (b[field] as string).slice(0, TEXT_MAX_LENGTH);
  return kept;
}

/**
 * A staff form sent after the login expired (an expert who wrote a long reply): the text is kept in
 * the new session and the login page says so; after the login, the case's page shows it in its form.
 */
function keepDraftWhenLoggedOut(): RequestHandler {
  return async (req, res, next) => {
    if (req.session.staffId) return next();
    const action = String(req.params.action);
    const trackingCode = String(req.params.trackingCode);
    if (!isAction(action) || !parseTrackingCode(trackingCode)) return next();
    req.session.staffDraft = { trackingCode, action, values: draftValues(req.body) };
    req.session.returnTo = `/staff/cases/${trackingCode}`;
    res.status(401);
    res.locals.sessionNote = SELF_SERVICE_COPY.staffDraftKept;
    await renderLogin(req, res);
  };
}

/**
 * Takes one staff action on a case: scope, form, text, then the workflow update. 'done', or why not
 * with the HTTP status to answer (404 out of scope, 422 bad form, 409 refused by the workflow).
 */
export async function performAction(
  deps: WebDeps,
  staff: StaffMember,
  trackingCode: string,
  action: StaffAction,
  body: Body,
  ip: string | undefined,
): Promise<'done' | { status: number; error: string }> {
  if (!(await caseInScope(deps.db, staff, trackingCode)))
    return { status: 404, error: PAGE_MESSAGES.notFound };
  const spec = ACTIONS[action];
  const parsed: Parsed = spec.parse ? spec.parse(body, await loadReference(deps.db)) : { args: {} };
  if ('error' in parsed) return { status: 422, error: parsed.error };
  if (spec.check) {
    const refusal = await spec.check(deps.db, (await caseTarget(deps.db, trackingCode))!, parsed.args);
    if (refusal) return { status: 422, error: PAGE_MESSAGES.actionRejected + refusal };
  }
  const args: Record<string, unknown> & { actor: Actor } = {
    ...parsed.args,
    actor: { staffId: staff.id, role: staff.role },
  };
  if (spec.messageKind) {
    const text = String(body.text ?? '').trim();
    if (!text) return { status: 422, error: PAGE_MESSAGES.textRequired };
    if (text.length > TEXT_MAX_LENGTH)
      return { status: 422, error: PAGE_MESSAGES.textTooLong(toPersianDigits(TEXT_MAX_LENGTH)) };
    args.messageId = randomUUID();
    await createMessage(deps.db, {
      id: args.messageId as string,
      trackingCode,
      kind: spec.messageKind,
      authorStaffId: staff.id,
      body: text,
    });
  }
  const outcome = await sendUpdate(deps.log, { trackingCode, action }, () =>
    spec.run(deps.temporal.workflow.getHandle(trackingCode), args),
  );
  if (!outcome.ok) {
    if (outcome.refused && spec.messageKind) await discardRefusedMessage(deps.db, String(args.messageId));
    return { status: 409, error: PAGE_MESSAGES.actionRejected + outcome.reason };
  }
  await audit(deps.db, { actorStaffId: staff.id, action, target: trackingCode, ip, details: parsed.args });
  return 'done';
}

/** The actions this staff member may take on the case now, by the rules the workflow applies. */
function allowedActions(staff: StaffMember, status: CaseStatus, assignedTo: number | null): StaffAction[] {
  const facts = { status, assignedTo, rated: false, objected: false };
  const actor = { staffId: staff.id, role: staff.role };
  return (Object.keys(ACTIONS) as StaffAction[]).filter((a) => staffRefusal(a, facts, actor) === null);
}
