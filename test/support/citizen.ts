import type { newCitizen } from './generators';
import { hiddenValue } from './http';

export type Citizen = ReturnType<typeof newCitizen>;

// A 1×1 PNG: real image bytes, so the content check accepts it.
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A Windows program: what an .exe renamed .pdf really holds. */
export const EXE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(58),
  Buffer.from([0x80, 0, 0, 0]),
  Buffer.alloc(64),
  Buffer.from('PE\0\0'),
  Buffer.alloc(200),
]);

export const toPersian = (s: string) => s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]);

/** The submit form's fields as a citizen fills them, from the page that carries its tokens. */
export function requestFields(
  page: string,
  citizen: Citizen,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    _csrf: hiddenValue(page, '_csrf'),
    idempotencyKey: hiddenValue(page, 'idempotencyKey'),
    birthDate: toPersian(citizen.birthDate),
    nationalCode: citizen.nationalCode,
    province: 'tehran',
    email: 'citizen@example.ir',
    mobile: citizen.mobile,
    areaCode: '021',
    phone: '22334455',
    subject: 'hajj-tamattu',
    subSubject: 'caravan-booking',
    text: 'در فرم رزرو و ثبت نام در کاروان امکان ثبت نهایی وجود ندارد.',
    captcha: '',
    ...overrides,
  };
}

/** The same as multipart form data, with files as the attachments table sends them. */
export function requestForm(
  page: string,
  citizen: Citizen,
  overrides: Record<string, string> = {},
  files: { name: string; content: Buffer; type?: string }[] = [],
): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(requestFields(page, citizen, overrides))) form.append(k, v);
  for (const file of files) {
    form.append('attachmentTitles', 'تصویر مدرک');
    form.append(
      'attachments',
      new Blob([new Uint8Array(file.content)], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  }
  return form;
}

export const trackingCodeOf = (html: string) => /id="tracking-code"[^>]*data-code="(\d{10})"/.exec(html)?.[1];
