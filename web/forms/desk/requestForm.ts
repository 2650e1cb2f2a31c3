import {
  isPlausibleEmail,
  parseAreaCode,
  parseLocalPhone,
  parseMobile,
} from '../../../domain/shared/contact';
import { FIELD_ERRORS } from '../../../domain/shared/copy';
import { jalaliKey, parseJalaliDate } from '../../../domain/shared/jalali';
import { parseNationalCode } from '../../../domain/shared/nationalCode';
import { toPersianDigits } from '../../../domain/shared/digits';
import type { NewAttachment } from '../../../db/queries/desk/cases';
import type { Reference } from '../../../db/queries/shared/reference';
import { checkAttachments } from '../shared/attachments';

export const TEXT_MAX_LENGTH = 2000;

export const REQUEST_FIELDS = [
  'birthDate',
  'nationalCode',
  'fullName',
  'gender',
  'province',
  'email',
  'mobile',
  'areaCode',
  'phone',
  'subject',
  'subSubject',
  'text',
] as const;
export type RequestValues = Record<(typeof REQUEST_FIELDS)[number], string>;
export type FormErrors = Partial<Record<string, string>>;

export interface ParsedRequest {
  birthDate: string;
  nationalCode: string;
  province: string;
  email: string | null;
  mobile: string;
  areaCode: string | null;
  phone: string | null;
  subject: string;
  subSubject: string;
  text: string;
  desk: 'province' | 'inspection';
  attachments: NewAttachment[];
}

const field = (body: Record<string, unknown>, name: string) => {
  const v = body[name];
  return typeof v === 'string' ? v.trim() : '';
};

export function requestValues(body: Record<string, unknown>): RequestValues {
  return Object.fromEntries(REQUEST_FIELDS.map((name) => [name, field(body, name)])) as RequestValues;
}

/**
 * Reads the submit form: what the citizen typed (to show again), the errors beside each field, and
 * when there are none, the request ready to store. Identity and captcha are checked by the route.
 */
export async function readRequestForm(
  body: Record<string, unknown>,
  files: { originalname: string; buffer: Buffer; size: number }[],
  reference: Reference,
): Promise<{ values: RequestValues; errors: FormErrors; parsed?: ParsedRequest }> {
  const values = requestValues(body);
  const errors: FormErrors = {};
  const required = (name: keyof RequestValues) => {
    if (!values[name]) errors[name] = FIELD_ERRORS.required;
    return values[name];
  };

  const birthDate = required('birthDate') && parseJalaliDate(values.birthDate);
  if (values.birthDate && !birthDate) errors.birthDate = FIELD_ERRORS.birthDate;
  const nationalCode = required('nationalCode') && parseNationalCode(values.nationalCode);
  if (values.nationalCode && !nationalCode) errors.nationalCode = FIELD_ERRORS.nationalCode;

  const province = reference.province(required('province'));
  if (values.province && !province) errors.province = FIELD_ERRORS.province;

  if (values.email && !isPlausibleEmail(values.email)) errors.email = FIELD_ERRORS.email;
  const mobile = required('mobile') && parseMobile(values.mobile);
  if (values.mobile && !mobile) errors.mobile = FIELD_ERRORS.mobile;

  const areaCode = values.areaCode ? parseAreaCode(values.areaCode) : null;
  const phone = values.phone ? parseLocalPhone(values.phone) : null;
  if (values.phone && !phone) errors.phone = FIELD_ERRORS.phone;
  else if (values.phone && !areaCode) errors.phone = FIELD_ERRORS.areaCode;

  const subject = reference.subject(required('subject'));
  if (values.subject && !subject) errors.subject = FIELD_ERRORS.subject;
  const subSubject = subject?.children.find((c) => c.slug === values.subSubject);
  if (subject && !subSubject) errors.subSubject = FIELD_ERRORS.subSubject;

  required('text');
  if (values.text.length > TEXT_MAX_LENGTH)
    errors.text = FIELD_ERRORS.textTooLong(toPersianDigits(TEXT_MAX_LENGTH));

  const titles = ([] as unknown[])
    .concat(body.attachmentTitles ?? [])
    .map((t) => (typeof t === 'string' ? t : ''));
  const checked = await checkAttachments(files, titles);
  if ('problem' in checked) {
    errors.attachments = {
      size: FIELD_ERRORS.attachmentSize,
      type: FIELD_ERRORS.attachmentType,
      count: FIELD_ERRORS.attachmentCount,
    }[checked.problem];
  }

  if (Object.keys(errors).length > 0 || !birthDate || !nationalCode || !mobile || !subject || !subSubject) {
    return { values, errors };
  }
  return {
    values,
    errors,
    parsed: {
      birthDate: jalaliKey(birthDate),
      nationalCode,
      province: province!.slug,
      email: values.email || null,
      mobile,
      areaCode: phone ? areaCode : null,
      phone,
      subject: subject.slug,
      subSubject: subSubject.slug,
      text: values.text,
      desk: subject.desk,
      attachments: 'attachments' in checked ? checked.attachments : [],
    },
  };
}
