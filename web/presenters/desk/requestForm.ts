import { randomUUID } from 'node:crypto';
import type { Reference } from '../../../db/queries/shared/reference';
import { MAX_ATTACHMENT_BYTES } from '../../../domain/desk/policy';
import { toPersianDigits } from '../../../domain/shared/digits';
import { CLIENT_MESSAGES } from '../../../domain/shared/copy';
import { ATTACHMENT_ROWS } from '../../forms/shared/attachments';
import { TEXT_MAX_LENGTH, type FormErrors, type RequestValues } from '../../forms/desk/requestForm';

const UUID = /^[0-9a-f-]{36}$/;

/** The form's idempotency key as the page sent it back, if it is one. */
export const idempotencyKeyOf = (value: unknown): string | undefined =>
  typeof value === 'string' && UUID.test(value) ? value : undefined;

/**
 * What views/requests/new.hbs shows: the citizen's form, or the same form a staff member fills for
 * a citizen (no captcha, the channel asked, posted to the staff route).
 */
export function requestFormView(
  ref: Reference,
  values: RequestValues,
  errors: FormErrors,
  options: {
    csrfToken: string;
    formError?: string;
    idempotencyKey?: string;
    staffEntry?: { channels: { value: string; label: string; selected: boolean }[] };
  },
) {
  const chosen = ref.subject(values.subject);
  return {
    title: options.staffEntry ? 'ثبت درخواست برای شهروند' : 'ارسال درخواست',
    values,
    errors,
    formError: options.formError,
    csrfToken: options.csrfToken,
    idempotencyKey: idempotencyKeyOf(options.idempotencyKey) ?? randomUUID(),
    formAction: options.staffEntry ? '/staff/requests' : '/requests',
    staffEntry: options.staffEntry,
    provinces: ref.provinces,
    subjects: ref.subjects.map((s) => ({ slug: s.slug, name: s.name })),
    subSubjects: chosen?.children ?? [],
    subjectTree: JSON.stringify(Object.fromEntries(ref.subjects.map((s) => [s.slug, s.children]))),
    textMaxLength: TEXT_MAX_LENGTH,
    textMaxLengthFa: toPersianDigits(TEXT_MAX_LENGTH),
    attachmentRows: Array.from({ length: ATTACHMENT_ROWS }, (_, i) => i + 1),
    maxFileKb: MAX_ATTACHMENT_BYTES / 1024,
    captchaUrl: `/captcha.svg?${Date.now()}`,
    clientMessages: CLIENT_MESSAGES,
  };
}
