import { Router, type Request, type Response } from 'express';
import { audit } from '../../../db/queries/shared/audit';
import type { Reference } from '../../../db/queries/shared/reference';
import { STAFF_CHANNELS, type StaffChannel } from '../../../domain/desk/caseStatus';
import { CHANNEL_LABELS, STAFF_ENTRY_MESSAGES } from '../../../domain/desk/copy';
import { FIELD_ERRORS } from '../../../domain/shared/copy';
import { formatJalaliDateTime } from '../../../domain/shared/jalali';
import { requestValues, type FormErrors, type RequestValues } from '../../forms/desk/requestForm';
import { csrf } from '../../middleware/security';
import { cachedReference, type WebDeps } from '../../deps';
import { idempotencyKeyOf, requestFormView } from '../../presenters/desk/requestForm';
import type { StaffGuard } from '../shared/guard';
import { accepted, checkSubmission, requestUpload, storeSubmission } from './submission';

const channelOf = (v: unknown): StaffChannel | null => STAFF_CHANNELS.find((c) => c === v) ?? null;

/**
 * A request an expert or supervisor enters for a citizen who phoned, came in or wrote: the citizen's
 * form and checks (the civil registry included) without the captcha, with the channel recorded and
 * the staff member who entered it on the case and in the audit log. The workflow sends the citizen
 * the tracking code by SMS as for any request.
 */
export function staffRequestRoutes(deps: WebDeps, guard: StaffGuard): Router {
  const router = Router();
  const reference = cachedReference(deps.db);
  const staff = guard.requireRole('expert', 'supervisor');

  const showForm = async (
    req: Request,
    res: Response,
    ref: Reference,
    values: RequestValues,
    errors: FormErrors,
    formError?: string,
  ) => {
    const chosen = channelOf(req.body?.channel);
    res.render(
      'requests/new',
      requestFormView(ref, values, errors, {
        csrfToken: res.locals.csrfToken,
        formError,
        idempotencyKey: req.body?.idempotencyKey,
        staffEntry: {
          channels: STAFF_CHANNELS.map((c) => ({
            value: c,
            label: CHANNEL_LABELS[c],
            selected: c === chosen,
          })),
        },
      }),
    );
  };
  const upload = requestUpload(async (req, res, values, errors, formError) =>
    showForm(req, res, await reference(), values, errors, formError),
  );

  router.get('/staff/requests/new', ...staff, async (req, res) =>
    showForm(req, res, await reference(), requestValues({}), {}),
  );

  router.post('/staff/requests', ...staff, upload, csrf.csrfSynchronisedProtection, async (req, res) => {
    const ref = await reference();
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    const checked = await checkSubmission(deps, req.body ?? {}, files, ref);
    const { values, errors } = checked;
    if (req.body?.lookup || req.body?.refresh) {
      const shown: FormErrors = errors.identity ? { identity: errors.identity } : {};
      return showForm(req, res, ref, values, shown);
    }
    const channel = channelOf(req.body?.channel);
    if (!channel) errors.channel = STAFF_ENTRY_MESSAGES.channel;
    const submission = accepted(checked);
    if (!submission || !channel) {
      res.status(422);
      return showForm(req, res, ref, values, errors, FIELD_ERRORS.form);
    }
    const stored = await storeSubmission(deps, submission, {
      idempotencyKey: idempotencyKeyOf(req.body.idempotencyKey),
      channel,
      enteredBy: req.staff!.id,
    });
    if (stored.created)
      await audit(deps.db, {
        actorStaffId: req.staff!.id,
        action: 'case-entered',
        target: stored.trackingCode,
        ip: req.ip,
        details: { channel },
      });
    const { parsed } = submission;
    const subject = ref.subject(parsed.subject)!;
    res.status(201).render('requests/success', {
      title: 'ثبت درخواست برای شهروند',
      staffEntry: { message: STAFF_ENTRY_MESSAGES.entered, channel: CHANNEL_LABELS[channel] },
      trackingCode: stored.trackingCode,
      createdAt: formatJalaliDateTime(stored.createdAt),
      provinceName: ref.province(parsed.province)!.name,
      subjectName: subject.name,
      subSubjectName: subject.children.find((c) => c.slug === parsed.subSubject)!.name,
      citizenName: values.fullName,
    });
  });

  return router;
}
