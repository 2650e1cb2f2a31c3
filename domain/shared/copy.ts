import type { CaseChannel, StaffRole } from '../desk/caseStatus';
import { MAX_ATTACHMENT_BYTES, MAX_EXTENSION_DAYS, SCORE_MAX, SCORE_MIN } from '../desk/policy';
import { CHANNEL_LABELS, DESK_LABELS } from '../desk/copy';
import type { Desk } from '../desk/caseStatus';
import { HAJJ_DOCUMENT_LABELS, HAJJ_STEP_LABELS } from '../hajj/copy';
import type { AuditAction } from './audit';
import { toPersianDigits as fa } from './digits';

/** The Persian copy both areas use: form fields, pages, uploads, admin, roles, the pages' scripts. The desk's own copy is domain/desk/copy.ts, the Hajj journey's domain/hajj/copy.ts. */
export const FIELD_ERRORS = {
  required: 'تکمیل این فیلد الزامی است.',
  birthDate: 'تاریخ تولد معتبر نیست؛ به شکل ۱۳۶۵/۰۴/۱۲ وارد کنید.',
  nationalCode: 'کد ملی معتبر نیست.',
  identityMismatch: 'تاریخ تولد و کد ملی با اطلاعات ثبت احوال مطابقت ندارد.',
  identityUnavailable: 'سامانه ثبت احوال در دسترس نیست؛ هویت شما پس از ثبت بررسی خواهد شد.',
  province: 'استان را از فهرست انتخاب کنید.',
  email: 'نشانی ایمیل معتبر نیست.',
  mobile: 'شماره تلفن همراه باید ۱۱ رقم و با ۰۹ آغاز شود.',
  phone: 'شماره تلفن ثابت معتبر نیست.',
  areaCode: 'پیش شماره معتبر نیست.',
  subject: 'موضوع اصلی را انتخاب کنید.',
  subSubject: 'موضوع فرعی را انتخاب کنید.',
  textTooLong: (max: string) => `متن درخواست حداکثر ${max} نویسه است.`,
  attachmentSize: `حجم هر فایل حداکثر ${fa(MAX_ATTACHMENT_BYTES / 1024)} کیلوبایت است.`,
  attachmentType: 'نوع فایل مجاز نیست؛ پسوندهای مجاز: jpg, jpeg, png, pdf, zip, xls, xlsx',
  attachmentCount: 'تعداد فایل‌ها بیش از حد مجاز است.',
  captcha: 'کد امنیتی درست وارد نشده است.',
  trackingCode: 'کد پیگیری معتبر نیست.',
  supplement: 'متن پاسخ خود به پرسش کارشناس را وارد کنید.',
  objection: 'دلیل اعتراض خود را بنویسید.',
  score: `امتیاز را از ${fa(SCORE_MIN)} تا ${fa(SCORE_MAX)} انتخاب کنید.`,
  citizenTextTooLong: (max: string) => `متن حداکثر ${max} نویسه است.`,
  form: 'لطفاً خطاهای مشخص شده را برطرف کنید.',
};

/** Each form field's name, as the error summary at the top of a form names the field it links to. */
export const FIELD_LABELS: Record<string, string> = {
  birthDate: 'تاریخ تولد',
  nationalCode: 'کد ملی',
  identity: 'نام و نام خانوادگی',
  province: 'استان',
  email: 'ایمیل',
  mobile: 'تلفن همراه',
  phone: 'تلفن ثابت',
  areaCode: 'پیش شماره',
  subject: 'موضوع اصلی',
  subSubject: 'موضوع فرعی',
  text: 'متن درخواست',
  attachments: 'پیوست‌ها',
  captcha: 'کد امنیتی',
  trackingCode: 'کد پیگیری',
  depositNumber: 'شماره ودیعه',
  supplement: 'پاسخ به پرسش کارشناس',
  objection: 'اعتراض',
  score: 'امتیاز',
  size: 'تعداد نفرات',
  passportExpiry: 'تاریخ انقضای گذرنامه',
  paidRials: 'مبلغ فیش',
  code: 'کد کاروان',
  name: 'نام کاروان',
  agentStaffId: 'شناسه کاربری کارگزار',
  agentName: 'نام کارگزار',
  managerName: 'مدیر کاروان',
  managerPhone: 'تلفن همراه مدیر کاروان',
  capacity: 'ظرفیت',
  price: 'هزینه',
  departsFrom: 'اعزام از',
  departsTo: 'اعزام تا',
  flightDate: 'تاریخ پرواز',
};

/** The error summary's heading: the form's own «fix the marked errors». */
export const ERROR_SUMMARY_TITLE = FIELD_ERRORS.form;

export const PAGE_MESSAGES = {
  notFound: 'صفحه مورد نظر یافت نشد.',
  badRequest: 'درخواست نامعتبر است؛ لطفاً دوباره از صفحه اصلی اقدام کنید.',
  serverError: 'خطایی در سامانه رخ داد. لطفاً دقایقی دیگر دوباره تلاش کنید.',
  csrf: 'نشست شما منقضی شده است؛ لطفاً صفحه را دوباره بارگذاری کنید و دوباره تلاش کنید.',
  rateLimited: 'تعداد درخواست‌های شما بیش از حد مجاز است؛ لطفاً چند دقیقه دیگر دوباره تلاش کنید.',
  trackNotFound: 'درخواستی با این مشخصات یافت نشد.',
  trackFirst: 'برای این کار ابتدا درخواست خود را با کد ملی و کد پیگیری پیگیری کنید.',
  supplementSent: 'پاسخ شما ثبت شد و برای کارشناس ارسال گردید.',
  ratingSent: 'امتیاز شما ثبت شد. از همراهی شما سپاسگزاریم.',
  objectionSent: 'اعتراض شما ثبت شد و برای بررسی به سرپرست استان ارجاع گردید.',
  citizenActionRejected: 'این درخواست انجام نشد: ',
  loginFailed: 'نام کاربری یا رمز عبور نادرست است.',
  loginLocked: 'به دلیل تلاش‌های ناموفق مکرر، حساب شما موقتاً قفل شده است؛ لطفاً بعداً تلاش کنید.',
  replyRequired: 'متن پاسخ را وارد کنید.',
  actionRejected: 'این اقدام انجام نشد: ',
  engineUnavailable: 'موتور گردش کار در دسترس نیست؛ لطفاً دقایقی دیگر تلاش کنید.',
  forbidden: 'نقش شما اجازه دسترسی به این صفحه را ندارد.',
  actionDone: 'اقدام با موفقیت ثبت شد.',
  textRequired: 'متن را وارد کنید.',
  textTooLong: (max: string) => `متن حداکثر ${max} نویسه است.`,
  assigneeRequired: 'کارشناس را انتخاب کنید.',
  transferTarget: 'استان و واحد مقصد را انتخاب کنید.',
  extensionDays: `تعداد روزهای تمدید را بین ۱ تا ${fa(MAX_EXTENSION_DAYS)} وارد کنید.`,
  nothingSelected: 'هیچ درخواستی انتخاب نشده است.',
  bulkDone: (done: string, failed: string) => `${done} درخواست واگذار شد؛ ${failed} مورد انجام نشد.`,
  metricsToken: 'برای خواندن سنجه‌های سامانه، توکن دسترسی معتبر لازم است.',
  searchInvalid: 'کد پیگیری یا کد ملی معتبر نیست.',
  dateInvalid: 'تاریخ معتبر نیست؛ به شکل ۱۴۰۵/۰۱/۱۵ وارد کنید.',
  badAddress: 'نشانی صفحه نامعتبر است؛ لطفاً از پیوندهای خود سامانه استفاده کنید.',
  formTooLarge: 'حجم فرم فرستاده‌شده بیش از حد مجاز است؛ لطفاً متن را کوتاه‌تر کنید و دوباره بفرستید.',
  serviceUnavailable: 'سامانه موقتاً در دسترس نیست؛ لطفاً چند دقیقه دیگر دوباره تلاش کنید.',
};

/** Why an upload form (multipart) could not be read; the form is shown again with the message. */
export const UPLOAD_ERRORS = {
  malformed: 'فرم به‌طور کامل دریافت نشد؛ لطفاً دوباره بفرستید.',
  unexpectedFile: 'فایل در جای نادرستی از فرم فرستاده شده است؛ فایل‌ها را فقط از بخش پیوست‌ها بفرستید.',
  fileCount: FIELD_ERRORS.attachmentCount,
  fileSize: 'حجم فایل بیش از حد مجاز است.',
  fieldSize: 'متن یکی از خانه‌های فرم بیش از حد مجاز طولانی است.',
  fields: 'تعداد خانه‌های فرم بیش از حد مجاز است.',
};

/** What the admin pages say when an entry cannot be saved. */
export const ADMIN_MESSAGES = {
  saved: 'تغییرات ذخیره شد.',
  incidentRetried: 'درخواست تکرار فرستاده شد؛ اگر مشکل برطرف شده باشد، رخداد به‌زودی بسته می‌شود.',
  incidentUnknown: 'رخداد بازی با این شناسه وجود ندارد.',
  username: 'نام کاربری باید ۳ تا ۴۰ نویسه از حروف لاتین کوچک، رقم، نقطه یا خط تیره باشد.',
  usernameTaken: 'این نام کاربری پیش‌تر ثبت شده است.',
  fullName: 'نام و نام خانوادگی را وارد کنید.',
  role: 'نقش را انتخاب کنید.',
  province: 'کارشناس و سرپرست باید یک استان داشته باشند؛ دفتر بازرسی و مدیر سامانه استان ندارند.',
  password: 'رمز عبور باید دست‌کم ۱۰ نویسه باشد.',
  desks: 'دست‌کم یک واحد را انتخاب کنید.',
  subjectName: 'نام موضوع را وارد کنید.',
  slaDays: 'مهلت پاسخ باید عددی از ۱ تا ۶۰ روز کاری باشد.',
  desk: 'واحد رسیدگی را انتخاب کنید.',
  slug: 'شناسه باید از حروف لاتین کوچک، رقم و خط تیره باشد.',
  slugTaken: 'این شناسه پیش‌تر ثبت شده است.',
  holidayDate: 'تاریخ معتبر نیست؛ به شکل ۱۴۰۵/۰۱/۰۱ وارد کنید.',
  holidayTitle: 'عنوان تعطیلی را وارد کنید.',
  holidayMissing: 'در این تاریخ تعطیلی ثبت نشده است.',
  url: 'نشانی باید با https:// یا http:// آغاز شود.',
  text: 'این متن نباید خالی باشد.',
  days: 'تعداد روز باید عددی از ۰ تا ۶۰ باشد.',
  workingDays: 'دست‌کم یک روز کاری را انتخاب کنید.',
  hours: 'ساعت کار باید به شکل ۰۸:۰۰ و آغاز آن پیش از پایان باشد.',
  cannedTitle: 'عنوان و متن پاسخ آماده را وارد کنید.',
  integrator: 'نام سامانه یکپارچه‌کننده را (حداکثر ۱۰۰ نویسه) وارد کنید.',
  requestsPerMinute: 'سقف درخواست در دقیقه باید عددی از ۱ تا ۶۰۰۰ باشد.',
  apiKeyIssued: 'کلید تازه ساخته شد. این کلید فقط همین یک بار نمایش داده می‌شود؛ آن را اکنون رونوشت کنید:',
  apiKeyMissing: 'این کلید وجود ندارد یا پیش‌تر باطل شده است.',
  staffEmail: 'نشانی ایمیل همکار معتبر نیست.',
  staffMobile: 'شماره همراه همکار باید ۱۱ رقم و با ۰۹ آغاز شود.',
};

export const ROLE_LABELS: Record<StaffRole, string> = {
  expert: 'کارشناس',
  supervisor: 'سرپرست استان',
  inspector: 'دفتر بازرسی',
  admin: 'مدیر سامانه',
  agent: 'کارگزار',
};

/** What the pages' scripts say; the views hand these to the scripts in data attributes. */
export const CLIENT_MESSAGES = {
  identityPending: 'در حال استعلام از ثبت احوال…',
  identityFailed: 'استعلام انجام نشد؛ لطفاً دوباره تلاش کنید.',
  /** `{n}` characters typed of `{max}`. */
  textCounter: '{n} از {max} نویسه',
  captchaRefreshed: 'کد امنیتی جدید نمایش داده شد.',
  /** The birth date picker: its group, its three lists, and the Jalali months in order. */
  datePicker: 'انتخاب از تقویم',
  day: 'روز',
  month: 'ماه',
  year: 'سال',
  jalaliMonths: 'فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند',
};

/** The staff's notices page and their choice of channels (domain/shared/staffNotices.ts). */
export const STAFF_NOTICE_COPY = {
  title: 'اعلان‌های من',
  settingsTitle: 'تنظیم اعلان‌ها',
  empty: 'اعلانی ندارید.',
  allRead: 'همه اعلان‌ها خوانده شد.',
  read: 'اعلان خوانده شد.',
  saved: 'تنظیم اعلان‌های شما ذخیره شد.',
  unknownChoice: 'گزینه انتخاب‌شده معتبر نیست؛ لطفاً از همین فرم انتخاب کنید.',
  noMobile:
    'برای دریافت پیامک، شماره همراه شما باید در سامانه ثبت باشد؛ از مدیر سامانه بخواهید آن را ثبت کند.',
  noEmail:
    'برای دریافت ایمیل، نشانی ایمیل شما باید در سامانه ثبت باشد؛ از مدیر سامانه بخواهید آن را ثبت کند.',
  markRead: 'خواندم',
  markAllRead: 'علامت خوانده‌شده برای همه',
  fresh: 'تازه',
  older: 'اعلان‌های قدیمی‌تر',
  save: 'ذخیره',
  openCase: 'مشاهده درخواست',
  openJourney: 'مشاهده پرونده زائر',
  /** The menu's link: its label, and the count of unread notices shown beside it. */
  menu: 'اعلان‌ها',
  unread: (n: number) => (n >= 100 ? '۹۹+' : fa(n)),
  unreadLabel: (n: number) => `${n >= 100 ? 'بیش از ۹۹' : fa(n)} اعلان خوانده‌نشده`,
  kinds: {
    deadline: 'یادآوری مهلت‌ها و ارجاع درخواست‌های معوق',
    work: 'کارهای تازه: واگذاری، اعتراض، پاسخ متقاضی، مراحل زائران',
  },
  channels: { sms: 'پیامک', email: 'ایمیل' },
  roleDefault: 'تا وقتی خودتان انتخاب نکرده‌اید، پیش‌فرض نقش شما به کار می‌رود.',
  inAppAlways: 'همه اعلان‌ها در همین صفحه نیز نمایش داده می‌شوند.',
};

/** What the audit page knows beyond an entry: names of provinces, Jalali days of stored dates. */
export interface AuditContext {
  province(slug: string): string;
  /** A stored 'YYYY-MM-DD' as a Jalali date. */
  day(key: string): string;
}
type Details = Record<string, unknown>;
type AuditSentence = (target: string, d: Details, ctx: AuditContext) => string;

const n = (v: unknown) => fa(String(v ?? '—'));
const refusedOr = (d: Details, done: string) =>
  typeof d.refused === 'string' && d.refused ? `${done} — انجام نشد: ${d.refused}` : done;
const roleOf = (v: unknown) => ROLE_LABELS[v as StaffRole] ?? String(v ?? '');
const deskOf = (v: unknown) => DESK_LABELS[v as Desk] ?? String(v ?? '');
const provinceOf = (v: unknown, ctx: AuditContext) => (v ? ctx.province(String(v)) : 'ستاد');
const documentOf = (v: unknown) =>
  HAJJ_DOCUMENT_LABELS[v as keyof typeof HAJJ_DOCUMENT_LABELS] ?? String(v ?? '');
const stepSentence =
  (step: keyof typeof HAJJ_STEP_LABELS): AuditSentence =>
  (t, d) =>
    refusedOr(d, `مرحله «${HAJJ_STEP_LABELS[step]}» برای زائر با شماره ودیعه ${fa(t)} ثبت شد.`);

/** The audit log as people read it: a label and a sentence per event key (domain/shared/audit.ts). */
export const AUDIT_COPY: Record<AuditAction, { label: string; sentence: AuditSentence }> = {
  login: { label: 'ورود به سامانه', sentence: () => 'وارد سامانه شد.' },
  'login-failed': {
    label: 'ورود ناموفق',
    sentence: (t, d) => `تلاش ناموفق برای ورود با نام کاربری «${t}»${d.locked ? '؛ حساب قفل بود' : ''}.`,
  },
  logout: { label: 'خروج از سامانه', sentence: () => 'از سامانه خارج شد.' },
  'admin-created': {
    label: 'ساخت حساب مدیر',
    sentence: (t) => `حساب مدیر «${t}» از خط فرمان ساخته شد.`,
  },
  'staff-create': {
    label: 'ساخت حساب کاربری',
    sentence: (t, d, ctx) =>
      `حساب «${t}» با نقش ${roleOf(d.role)} (${provinceOf(d.province, ctx)}) ساخته شد.`,
  },
  'staff-update': {
    label: 'ویرایش حساب کاربری',
    sentence: (t, d, ctx) =>
      `حساب شماره ${fa(t)} ویرایش شد: نقش ${roleOf(d.role)}، ${provinceOf(d.province, ctx)}` +
      (Array.isArray(d.desks) ? `، واحد ${d.desks.map(deskOf).join(' و ')}` : '') +
      `، ${d.active === false ? 'غیرفعال' : 'فعال'}${d.passwordChanged ? '؛ رمز عبور تغییر کرد' : ''}.`,
  },
  'subject-update': {
    label: 'ویرایش موضوع',
    sentence: (t, d) =>
      `موضوع «${d.name ?? t}» ویرایش شد: واحد ${deskOf(d.desk)}، مهلت پاسخ ${n(d.slaBusinessDays)} روز کاری.`,
  },
  'sub-subject-add': {
    label: 'افزودن موضوع فرعی',
    sentence: (t, d) => `موضوع فرعی «${d.name ?? t}» افزوده شد.`,
  },
  'holiday-add': {
    label: 'افزودن تعطیلی',
    sentence: (t, d, ctx) => `تعطیلی «${d.title ?? ''}» در تاریخ ${ctx.day(t)} افزوده شد.`,
  },
  'holiday-move': {
    label: 'جابه‌جایی تعطیلی',
    sentence: (t, d, ctx) =>
      `تعطیلی تاریخ ${ctx.day(t)} به تاریخ ${d.to ? ctx.day(String(d.to)) : '—'} برده شد.`,
  },
  'holiday-remove': {
    label: 'حذف تعطیلی',
    sentence: (t, _d, ctx) => `تعطیلی تاریخ ${ctx.day(t)} حذف شد.`,
  },
  'settings-update': {
    label: 'تغییر تنظیمات سامانه',
    sentence: (_t, d) =>
      `تنظیمات سامانه ذخیره شد (${n(Array.isArray(d.keys) ? d.keys.length : undefined)} مورد).`,
  },
  'canned-save': {
    label: 'ذخیره پاسخ آماده',
    sentence: (t, d) => `پاسخ آماده «${d.title ?? ''}» (شماره ${fa(t)}) ذخیره شد.`,
  },
  'canned-delete': { label: 'حذف پاسخ آماده', sentence: (t) => `پاسخ آماده شماره ${fa(t)} حذف شد.` },
  'api-key-issue': {
    label: 'ساخت کلید API',
    sentence: (t, d) =>
      `کلید API شماره ${fa(t)} برای «${d.integrator ?? ''}» با سقف ${n(d.requestsPerMinute)} درخواست در دقیقه ساخته شد.`,
  },
  'api-key-revoke': { label: 'ابطال کلید API', sentence: (t) => `کلید API شماره ${fa(t)} باطل شد.` },
  'incident-retry': {
    label: 'تکرار مرحله ناموفق',
    sentence: (t) => `برای رخداد «${t}» دستور تکرار مرحله فرستاده شد.`,
  },
  'notice-settings': {
    label: 'تنظیم اعلان‌ها',
    sentence: (_t, d) => {
      const chosen = Array.isArray(d.choices) ? d.choices.map(String) : [];
      const kinds = STAFF_NOTICE_COPY.kinds as Record<string, string>;
      const channels = STAFF_NOTICE_COPY.channels as Record<string, string>;
      const listed = chosen.map((c) => {
        const [kind, channel] = c.split(':');
        return `${channels[channel] ?? channel} برای ${kinds[kind] ?? kind}`;
      });
      return listed.length
        ? `اعلان‌های خود را چنین خواست: ${listed.join('؛ ')}.`
        : 'اعلان‌های خود را فقط در صفحه اعلان‌ها خواست.';
    },
  },
  'faq-save': {
    label: 'ذخیره پرسش پرتکرار',
    sentence: (t, d) =>
      t === 'new'
        ? `پرسش پرتکرار «${d.question ?? ''}» افزوده شد.`
        : `پرسش پرتکرار شماره ${fa(t)} («${d.question ?? ''}») ویرایش شد.`,
  },
  'faq-up': {
    label: 'جابه‌جایی پرسش پرتکرار',
    sentence: (t) => `پرسش پرتکرار شماره ${fa(t)} یک جایگاه بالاتر رفت.`,
  },
  'faq-down': {
    label: 'جابه‌جایی پرسش پرتکرار',
    sentence: (t) => `پرسش پرتکرار شماره ${fa(t)} یک جایگاه پایین‌تر رفت.`,
  },
  'faq-delete': { label: 'حذف پرسش پرتکرار', sentence: (t) => `پرسش پرتکرار شماره ${fa(t)} حذف شد.` },
  'guide-save': {
    label: 'ذخیره راهنمای قابل دانلود',
    sentence: (t, d) =>
      (t === 'new'
        ? `راهنمای «${d.title ?? ''}» افزوده شد`
        : `راهنمای شماره ${fa(t)} («${d.title ?? ''}») ویرایش شد`) + (d.file ? ` (فایل «${d.file}»).` : '.'),
  },
  'guide-delete': { label: 'حذف راهنمای قابل دانلود', sentence: (t) => `راهنمای شماره ${fa(t)} حذف شد.` },
  'view-confidential': {
    label: 'مشاهده درخواست محرمانه',
    sentence: (t) => `درخواست محرمانه ${fa(t)} را مشاهده کرد.`,
  },
  'case-entered': {
    label: 'ثبت درخواست برای شهروند',
    sentence: (t, d) =>
      `درخواست ${fa(t)} را برای شهروند ثبت کرد (${CHANNEL_LABELS[d.channel as CaseChannel] ?? String(d.channel ?? '')}).`,
  },
  claim: {
    label: 'برداشتن درخواست',
    sentence: (t, d) => refusedOr(d, `درخواست ${fa(t)} را برای رسیدگی برداشت.`),
  },
  assign: {
    label: 'واگذاری درخواست',
    sentence: (t, d) => refusedOr(d, `درخواست ${fa(t)} را به همکار شماره ${n(d.staffId)} واگذار کرد.`),
  },
  reply: { label: 'پاسخ به درخواست', sentence: (t, d) => refusedOr(d, `به درخواست ${fa(t)} پاسخ داد.`) },
  requestInfo: {
    label: 'درخواست اطلاعات تکمیلی',
    sentence: (t, d) => refusedOr(d, `از متقاضی درخواست ${fa(t)} اطلاعات تکمیلی خواست.`),
  },
  note: {
    label: 'یادداشت داخلی',
    sentence: (t, d) => refusedOr(d, `برای درخواست ${fa(t)} یادداشت داخلی نوشت.`),
  },
  transfer: {
    label: 'ارجاع به استان یا واحد دیگر',
    sentence: (t, d, ctx) =>
      refusedOr(d, `درخواست ${fa(t)} را به ${provinceOf(d.province, ctx)} (${deskOf(d.desk)}) ارجاع داد.`),
  },
  extend: {
    label: 'تمدید مهلت',
    sentence: (t, d) =>
      refusedOr(d, `مهلت پاسخ درخواست ${fa(t)} را ${n(d.businessDays)} روز کاری تمدید کرد.`),
  },
  'hajj-import': {
    label: 'بارگذاری پرونده ودیعه‌ها',
    sentence: (t, d) =>
      d.rows !== undefined
        ? `پرونده ودیعه‌ها (شماره ${fa(t)}) با ${n(d.rows)} ردیف بارگذاری شد و ورود آن آغاز شد.`
        : `پرونده ودیعه‌ها (شماره ${fa(t)}) بارگذاری شد: ${n(d.inserted)} ردیف افزوده، ${n(d.duplicates)} تکراری، ${n(d.rejected)} رد شد.`,
  },
  'hajj-deposits-paused': {
    label: 'توقف یا ادامه ثبت ودیعه',
    sentence: (_t, d) => (d.paused ? 'ثبت ودیعه تازه متوقف شد.' : 'ثبت ودیعه تازه از سر گرفته شد.'),
  },
  'hajj-auto-replacement': {
    label: 'جایگزینی خودکار زائران',
    sentence: (_t, d) =>
      d.on ? 'فراخوان خودکار جایگزین برای جایگاه‌های آزادشده روشن شد.' : 'فراخوان خودکار جایگزین خاموش شد.',
  },
  'hajj-round-opened': {
    label: 'گشودن نوبت فراخوان',
    sentence: (t, d) =>
      `نوبت فراخوان شماره ${fa(t)} برای ${n(d.size)} زائر گشوده شد (${n(d.called)} فراخوانده).`,
  },
  'hajj-caravan-created': {
    label: 'ساخت کاروان',
    sentence: (t, d) => `کاروان شماره ${fa(t)}${d.code ? ` (${d.code})` : ''} ساخته شد.`,
  },
  'hajj-caravan-updated': {
    label: 'ویرایش کاروان',
    sentence: (t, d, ctx) =>
      `کاروان شماره ${fa(t)}${d.code ? ` (${d.code})` : ''} ویرایش شد` +
      (d.province ? `: ${provinceOf(d.province, ctx)}` : '') +
      (d.capacity !== undefined ? `، ظرفیت ${fa(String(d.capacity))}` : '') +
      '.',
  },
  'hajj-visa-request': {
    label: 'ارسال به روادید',
    sentence: (t, d) =>
      `زائران کاروان شماره ${fa(t)} به روادید فرستاده شدند: ${n(d.sent)} فرستاده، ${n(d.refused)} رد شد.`,
  },
  'hajj-batch-visa-request': {
    label: 'دسته ارسال به روادید',
    sentence: (t, d) =>
      `دسته ${fa(t)}: ${n(d.items)} زائر کاروان شماره ${n(d.caravanId)} به روادید فرستاده می‌شوند.`,
  },
  'hajj-batch-visa': {
    label: 'دسته نتیجه روادید و مجوز بلیط',
    sentence: (t, d) =>
      `دسته ${fa(t)}: نتیجه روادید ${n(d.items)} زائر کاروان شماره ${n(d.caravanId)} ثبت شد.`,
  },
  'hajj-batch-dispatch': {
    label: 'صورتجلسه اعزام',
    sentence: (t, d) =>
      `دسته ${fa(t)}: صورتجلسه اعزام ${n(d.items)} زائر کاروان شماره ${n(d.caravanId)} ثبت شد.`,
  },
  'hajj-trip-services': {
    label: 'خدمات ایام سفر',
    sentence: (t) => `خدمات ایام سفر کاروان شماره ${fa(t)} ذخیره شد.`,
  },
  'hajj-office-booking': {
    label: 'رزرو در دفتر کاروان',
    sentence: (t, d) =>
      refusedOr(d, `برای زائر با شماره ودیعه ${fa(t)} جایگاه کاروان شماره ${n(d.caravanId)} رزرو شد.`),
  },
  'hajj-cancel': {
    label: 'انصراف زائر',
    sentence: (t, d) => refusedOr(d, `انصراف زائر با شماره ودیعه ${fa(t)} ثبت شد.`),
  },
  'hajj-identity': {
    label: 'مشخصات شناسنامه و گذرنامه',
    sentence: (t) => `مشخصات شناسنامه و گذرنامه زائر با شماره ودیعه ${fa(t)} ثبت شد.`,
  },
  'hajj-document': {
    label: 'دریافت مدرک زائر',
    sentence: (t, d) => `مدرک «${documentOf(d.kind)}» زائر با شماره ودیعه ${fa(t)} بارگذاری شد.`,
  },
  'hajj-document-check': {
    label: 'بررسی مدرک زائر',
    sentence: (t, d) =>
      `مدرک «${documentOf(d.kind)}» زائر با شماره ودیعه ${fa(t)} ${d.verdict === 'accepted' ? 'تأیید' : 'رد'} شد.`,
  },
  'hajj-training-class': {
    label: 'افزودن کلاس آموزشی',
    sentence: (t, d) => `کلاس آموزشی شماره ${n(d.classId)} به برنامه کاروان شماره ${fa(t)} افزوده شد.`,
  },
  'hajj-training-attendance': {
    label: 'حضور و غیاب کلاس آموزشی',
    sentence: (t, d) => `حضور و غیاب کلاس آموزشی شماره ${fa(t)} ثبت شد: ${n(d.present)} حاضر.`,
  },
  'hajj-payment-account': {
    label: 'حساب فیش پرداخت اعزام',
    sentence: (_t, d) => `حساب بانکی فیش پرداخت اعزام ${String(d.account ?? '')} تعیین شد.`,
  },
  'hajj-payment-import': {
    label: 'ورود فایل پرداخت‌های بانک',
    sentence: (t, d) =>
      `فایل پرداخت‌های بانک (شماره ${fa(t)}) وارد شد: ${n(d.confirmed)} تأیید، ${n(d.duplicates)} تکراری، ${n(d.problems)} مغایرت، ${n(d.applied)} زائر به مرحله بعد رفت.`,
  },
  'hajj-step-documents': {
    label: `مرحله: ${HAJJ_STEP_LABELS.documents}`,
    sentence: stepSentence('documents'),
  },
  'hajj-step-payment': { label: `مرحله: ${HAJJ_STEP_LABELS.payment}`, sentence: stepSentence('payment') },
  'hajj-step-medical': { label: `مرحله: ${HAJJ_STEP_LABELS.medical}`, sentence: stepSentence('medical') },
  'hajj-step-insurance': {
    label: `مرحله: ${HAJJ_STEP_LABELS.insurance}`,
    sentence: stepSentence('insurance'),
  },
  'hajj-step-training': { label: `مرحله: ${HAJJ_STEP_LABELS.training}`, sentence: stepSentence('training') },
  'hajj-step-card': { label: `مرحله: ${HAJJ_STEP_LABELS.card}`, sentence: stepSentence('card') },
  'hajj-step-visa-request': {
    label: `مرحله: ${HAJJ_STEP_LABELS['visa-request']}`,
    sentence: stepSentence('visa-request'),
  },
  'hajj-step-visa': { label: `مرحله: ${HAJJ_STEP_LABELS.visa}`, sentence: stepSentence('visa') },
  'hajj-step-ticket': { label: `مرحله: ${HAJJ_STEP_LABELS.ticket}`, sentence: stepSentence('ticket') },
  'hajj-step-dispatch': { label: `مرحله: ${HAJJ_STEP_LABELS.dispatch}`, sentence: stepSentence('dispatch') },
};

/** What the fields of an entry's details are called, for an entry of a key the catalogue does not know. */
export const AUDIT_DETAIL_LABELS: Record<string, string> = {
  id: 'شناسه',
  role: 'نقش',
  province: 'استان',
  desk: 'واحد',
  desks: 'واحدها',
  active: 'فعال',
  name: 'نام',
  title: 'عنوان',
  question: 'پرسش',
  file: 'فایل',
  to: 'به',
  refused: 'علت رد',
  staffId: 'همکار',
  businessDays: 'روز کاری',
  size: 'تعداد',
  caravanId: 'کاروان',
};

export const AUDIT_FALLBACK = {
  label: (key: string) => `رویداد «${key}»`,
  noDetails: 'بدون جزئیات',
  yes: 'بله',
  no: 'خیر',
  filterAll: 'همه رویدادها',
};

/**
 * Self-service (issue 18): a form that outlived its session, the answer's deadline, the help page,
 * the guides, lost-code recovery and the result card's extras.
 */
export const SELF_SERVICE_COPY = {
  /** A form sent after its session (or its token) had gone: it comes back with what was typed. */
  sessionRenewed:
    'نشست شما منقضی شده بود؛ آنچه نوشته بودید حفظ شده است. لطفاً آن را بررسی کنید و دوباره بفرستید.',
  sessionRenewedFiles:
    'نشست شما منقضی شده بود؛ آنچه نوشته بودید حفظ شده است، اما پیوست‌ها را باید دوباره انتخاب کنید. لطفاً فرم را بررسی کنید و دوباره بفرستید.',
  /** A staff form sent after the login had expired: the text waits for the next login. */
  staffDraftKept:
    'نشست شما منقضی شد. لطفاً دوباره وارد شوید؛ متنی که نوشته بودید نگه داشته شده و پس از ورود در همان فرم درخواست نمایش داده می‌شود.',
  /** The track pages after the session lost the proven pair: prove it again, the text is kept. */
  trackAgain:
    'نشست شما منقضی شده بود؛ متنی که نوشته بودید حفظ شده است. لطفاً کد ملی و کد امنیتی را دوباره وارد کنید تا متن در همان فرم نمایش داده شود.',
  answerDue: (date: string, days: string) =>
    `پاسخ درخواست شما حداکثر تا پایان وقت اداری ${date} (${days} روز کاری) داده می‌شود.`,
  qrLabel: 'کد QR نشانی صفحه پیگیری درخواست',
  /** Words of the stars, from 1 to 5. */
  scoreWords: ['خیلی بد', 'بد', 'متوسط', 'خوب', 'عالی'],
  scoreLabel: (stars: string, word: string) => `${stars} ستاره: ${word}`,
  recoverSent:
    'اگر درخواستی با این کد ملی و شماره تلفن همراه ثبت شده باشد، کد پیگیری آن به همین شماره پیامک می‌شود.',
  recoverLimited:
    'تعداد درخواست‌های بازیابی کد پیگیری بیش از حد مجاز است؛ لطفاً یک ساعت دیگر دوباره تلاش کنید.',
  recoverySms: (codes: string) => `کد پیگیری درخواست‌های شما در میز خدمت حج و زیارت: ${codes}`,
  recoverySubject: 'بازیابی کد پیگیری',
  faqText: 'پرسش (حداکثر ۳۰۰ نویسه) و پاسخ (حداکثر ۴۰۰۰ نویسه) را وارد کنید.',
  faqMissing: 'این پرسش وجود ندارد یا پیش‌تر حذف شده است.',
  guideTitle: 'عنوان راهنما را (حداکثر ۲۰۰ نویسه) وارد کنید.',
  guideFile: 'فایل راهنما باید PDF باشد.',
  guideFileRequired: 'فایل PDF راهنما را انتخاب کنید.',
  guideTooLarge: 'حجم فایل راهنما حداکثر ۱۰ مگابایت است.',
  guideMissing: 'این راهنما وجود ندارد یا پیش‌تر حذف شده است.',
  guideNoFile: 'فایل این راهنما هنوز بارگذاری نشده است.',
  /** What the pages' scripts say (data attributes). */
  client: {
    /** `{m}` minutes left. */
    sessionExpiring:
      'نشست شما تا {m} دقیقه دیگر به پایان می‌رسد. برای حفظ نوشته‌ها، پیش از آن فرم را بفرستید یا نشست را تمدید کنید.',
    sessionRenew: 'تمدید نشست',
    sessionRenewDone: 'نشست شما تمدید شد.',
    sessionEnded: 'نشست شما به پایان رسید؛ با فرستادن فرم، نوشته‌های شما همراه با نشستی تازه بازمی‌گردد.',
    copy: 'رونوشت کد پیگیری',
    copied: 'کد پیگیری رونوشت شد.',
    copyFailed: 'رونوشت انجام نشد؛ کد را خودتان انتخاب و رونوشت کنید.',
  },
};
