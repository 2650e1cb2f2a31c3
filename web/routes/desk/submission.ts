import { randomUUID } from 'node:crypto';
import { insertSubmission } from '../../../db/queries/desk/cases';
import type { Reference } from '../../../db/queries/shared/reference';
import { parseJalaliDate } from '../../../domain/shared/jalali';
import { nationalCodeHash, parseNationalCode } from '../../../domain/shared/nationalCode';
import { newTrackingCode } from '../../../domain/desk/trackingCode';
import type { StaffChannel } from '../../../domain/desk/caseStatus';
import { startAndMark } from '../../../workflows/desk/client';
import type { WebDeps } from '../../deps';
import type { Request, RequestHandler, Response } from 'express';
import { MAX_ATTACHMENT_BYTES } from '../../../domain/desk/policy';
import { toPersianDigits } from '../../../domain/shared/digits';
import { FIELD_ERRORS, UPLOAD_ERRORS } from '../../../domain/shared/copy';
import { ATTACHMENT_ROWS, UPLOAD_ATTACHMENT_ERRORS } from '../../forms/shared/attachments';
import { uploadForm } from '../../middleware/upload';
import {
  readRequestForm,
  requestValues,
  TEXT_MAX_LENGTH,
  type FormErrors,
  type ParsedRequest,
  type RequestValues,
} from '../../forms/desk/requestForm';
import { checkIdentity, type IdentityCheck } from '../../identity';

/** Files beyond this are refused outright; up to it, the form explains what is wrong. */
const UPLOAD_HARD_LIMIT = 4 * MAX_ATTACHMENT_BYTES;

/**
 * The request form's multipart reader, for the citizen's page and the staff's: a body it cannot
 * read shows the form again, with what was typed and the reason.
 */
export function requestUpload(
  showForm: (
    req: Request,
    res: Response,
    values: RequestValues,
    errors: FormErrors,
    formError: string,
  ) => Promise<void>,
): RequestHandler {
  return uploadForm({
    field: 'attachments',
    maxCount: ATTACHMENT_ROWS,
    limits: { fileSize: UPLOAD_HARD_LIMIT, files: ATTACHMENT_ROWS, fields: 40, fieldSize: 20_000 },
    onProblem: async (req, res, problem) => {
      const values = requestValues(req.body);
      values.fullName = '';
      values.gender = '';
      const errors: FormErrors =
        problem.kind === 'fieldSize' && problem.field === 'text'
          ? { text: FIELD_ERRORS.textTooLong(toPersianDigits(TEXT_MAX_LENGTH)) }
          : problem.kind === 'fileSize' || problem.kind === 'fileCount'
            ? { attachments: UPLOAD_ATTACHMENT_ERRORS[problem.kind] }
            : {};
      const formError = Object.keys(errors).length > 0 ? FIELD_ERRORS.form : UPLOAD_ERRORS[problem.kind];
      await showForm(req, res, values, errors, formError);
    },
  });
}

export interface CheckedSubmission {
  values: RequestValues;
  errors: FormErrors;
  /** Set when every field is valid; the registry's answer may still be a mismatch (see errors). */
  parsed?: ParsedRequest;
  identity?: IdentityCheck;
}

/**
 * The rules of a new request, for every way one arrives (the form, the Open311 API): the fields,
 * the attachments by their bytes, and the civil registry's match of birth date and national code.
 * The name and gender come from the registry, never from the client.
 */
export async function checkSubmission(
  deps: WebDeps,
  body: Record<string, unknown>,
  files: { originalname: string; buffer: Buffer; size: number }[],
  ref: Reference,
): Promise<CheckedSubmission> {
  const { values, errors, parsed } = await readRequestForm(body, files, ref);
  values.fullName = '';
  values.gender = '';
  const nationalCode = parseNationalCode(values.nationalCode);
  const birthDate = parseJalaliDate(values.birthDate);
  if (!nationalCode || !birthDate) return { values, errors, parsed };
  const identity = await checkIdentity(deps.registry, nationalCode, birthDate);
  if (identity.status === 'match') {
    values.fullName = identity.fullName;
    values.gender = identity.gender;
  } else if (identity.status === 'mismatch') errors.identity = FIELD_ERRORS.identityMismatch;
  return { values, errors, parsed, identity };
}

/** A submission that passed every check, ready to store. */
export interface AcceptedSubmission {
  parsed: ParsedRequest;
  identity: IdentityCheck;
}

export function accepted(checked: CheckedSubmission): AcceptedSubmission | null {
  const { parsed, identity, errors } = checked;
  return parsed && identity && Object.keys(errors).length === 0 ? { parsed, identity } : null;
}

/**
 * Stores an accepted submission (case, files and outbox row in one transaction) and starts its
 * workflow in the background. Its channel is the form's, the API's (with a key), or the one a staff
 * member entering it for a citizen names. A registry that was away leaves the name empty; the workflow verifies
 * the identity itself.
 */
export async function storeSubmission(
  deps: WebDeps,
  { parsed, identity }: AcceptedSubmission,
  options: { idempotencyKey?: string; apiKeyId?: number; channel?: StaffChannel; enteredBy?: number } = {},
) {
  const stored = await insertSubmission(
    deps.db,
    {
      ...parsed,
      idempotencyKey: options.idempotencyKey ?? randomUUID(),
      nationalCodeHash: nationalCodeHash(parsed.nationalCode, deps.config.nationalCodeHashKey),
      citizenName: identity.status === 'match' ? identity.fullName : null,
      gender: identity.status === 'match' ? identity.gender : null,
      confidential: parsed.desk === 'inspection',
      apiKeyId: options.apiKeyId ?? null,
      channel: options.apiKeyId ? 'open311' : (options.channel ?? 'web'),
      enteredBy: options.enteredBy ?? null,
    },
    newTrackingCode,
  );
  if (stored.created) {
    // Committed: the case exists and its code is answered now. Its workflow starts in the
    // background; if the engine is away or slow, the relay starts it from the outbox.
    void deps.temporal
      .withDeadline(Date.now() + 3000, () =>
        startAndMark(deps.db, deps.temporal, deps.config.temporal.taskQueue, stored.trackingCode),
      )
      .then(
        (outcome) => {
          if (!outcome.started)
            deps.log.warn(
              { trackingCode: stored.trackingCode, error: outcome.error },
              'workflow start failed; left to the relay',
            );
        },
        (err) =>
          deps.log.warn({ err, trackingCode: stored.trackingCode }, 'workflow start left to the relay'),
      );
  }
  return stored;
}
