import { Router, type Request, type Response } from 'express';
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
import type { StaffAction } from '../../../domain/desk/caseActions';
import { cleanFilename } from '../../../domain/shared/filenames';
import { parseBigintId } from '../../../domain/shared/numbers';
import { PAGE_MESSAGES } from '../../../domain/shared/copy';
import {
  assignUpdate,
  claimUpdate,
  extendUpdate,
  noteUpdate,
  replyUpdate,
  requestInfoUpdate,
  transferUpdate,
} from '../../../workflows/desk/messages';
import { loadReference } from '../../../db/queries/shared/reference';
import { answerCaseAction, takeCaseAction, type CaseActionOutcome } from '../../actions';
import {
  ACTION_TEXT_KINDS,
  isStaffAction,
  parseActionFields,
  parseActionText,
  type Body,
} from '../../forms/desk/caseAction';
import { csrf } from '../../middleware/security';
import { staffCasePage, type Feedback } from '../../presenters/desk/case';
import { cachedReference, type WebDeps } from '../../deps';
import { notFound, type StaffGuard } from '../shared/guard';

/** The update each staff action sends; the workflow's validator has the last word. */
const UPDATES = {
  claim: claimUpdate,
  assign: assignUpdate,
  reply: replyUpdate,
  requestInfo: requestInfoUpdate,
  note: noteUpdate,
  transfer: transferUpdate,
  extend: extendUpdate,
} as const satisfies Record<StaffAction, unknown>;

/** Why the parsed form may not be taken for this case, from what the database says (as the workflow checks). */
const CHECKS: Partial<
  Record<
    StaffAction,
    (db: WebDeps['db'], kase: CaseTarget, args: Record<string, unknown>) => Promise<string | null>
  >
> = {
  assign: async (db, kase, { staffId }) =>
    assigneeRefusal(await assignmentCandidate(db, staffId as number), kase),
  // The form offers only known provinces and desks; a confidential complaint stays with the Inspection Office.
  transfer: async (_db, kase, { province, desk }) =>
    transferRefusal(kase, { province: String(province), desk: String(desk) }, true),
};

export function caseRoutes(deps: WebDeps, guard: StaffGuard): Router {
  const router = Router();
  const reference = cachedReference(deps.db);

  const renderCase = async (req: Request, res: Response, feedback?: Feedback) => {
    const staff = req.staff!;
    const found = await caseForStaff(deps.db, staff, String(req.params.trackingCode));
    if (!found) return notFound(res);
    const { kase } = found;
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
    res.render(
      'staff/case',
      staffCasePage({
        staff,
        found,
        ref,
        calendar,
        canned,
        assignees,
        cannedId: Number(req.query.canned),
        done: req.query.done === '1',
        feedback,
        temporal: deps.config.temporal,
      }),
    );
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
    guard.requireStaff,
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const trackingCode = String(req.params.trackingCode);
      const action = String(req.params.action);
      if (!isStaffAction(action)) return notFound(res);
      const body = (req.body ?? {}) as Body;
      const outcome = await performAction(deps, req.staff!, trackingCode, action, body, req.ip);
      if (!outcome.ok && outcome.status === 404) return notFound(res);
      await answerCaseAction(req, res, outcome, {
        redirect: `/staff/cases/${trackingCode}?done=1`,
        again: (error) => renderCase(req, res, { action, error, values: body }),
      });
    },
  );

  return router;
}

/**
 * Takes one staff action on a case: scope, form, text, then the workflow update (web/actions.ts).
 * Taken, or why not with the HTTP status to answer (404 out of scope, 422 bad form, 409 refused by
 * the workflow, 503 the engine away).
 */
export async function performAction(
  deps: WebDeps,
  staff: StaffMember,
  trackingCode: string,
  action: StaffAction,
  body: Body,
  ip: string | undefined,
): Promise<CaseActionOutcome> {
  const refuse = (status: number, reason: string) => ({ ok: false, status, reason }) as const;
  if (!(await caseInScope(deps.db, staff, trackingCode))) return refuse(404, PAGE_MESSAGES.notFound);
  const parsed = await parseActionFields(action, body, () => loadReference(deps.db));
  if ('error' in parsed) return refuse(422, parsed.error);
  const check = CHECKS[action];
  if (check) {
    const refusal = await check(deps.db, (await caseTarget(deps.db, trackingCode))!, parsed.args);
    if (refusal) return refuse(422, PAGE_MESSAGES.actionRejected + refusal);
  }
  const textKind = ACTION_TEXT_KINDS[action];
  const text = textKind ? parseActionText(body) : undefined;
  if (text && 'error' in text) return refuse(422, text.error);
  const actor = { staffId: staff.id, role: staff.role };
  const outcome = await takeCaseAction(deps, deps.log, {
    trackingCode,
    storeText:
      textKind && text
        ? (id) =>
            createMessage(deps.db, {
              id,
              trackingCode,
              kind: textKind,
              authorStaffId: staff.id,
              body: text.text,
            })
        : undefined,
    update: (handle, messageId) =>
      handle.executeUpdate(UPDATES[action], {
        args: [{ ...parsed.args, actor, ...(textKind ? { messageId } : {}) } as never],
      }),
    audit: { actorStaffId: staff.id, action, ip, details: parsed.args },
  });
  return outcome.ok ? outcome : refuse(outcome.status, PAGE_MESSAGES.actionRejected + outcome.reason);
}
