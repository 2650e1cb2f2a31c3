import { toPersianDigits as fa } from '../shared/digits';
import type { CaseStatus, Desk } from './caseStatus';
import { MAX_EXTENSION_DAYS, SCORE_MAX, SCORE_MIN } from './policy';

/** The request desk's Persian copy: statuses, timeline events, the Open311 API, refusals, notices. */
export const STATUS_LABELS: Record<CaseStatus, string> = {
  received: 'ثبت شده',
  'awaiting-identity': 'در انتظار استعلام هویت',
  rejected: 'رد شده (عدم تطابق اطلاعات هویتی)',
  routed: 'در حال بررسی',
  'info-requested': 'در انتظار تکمیل اطلاعات توسط متقاضی',
  answered: 'بررسی شده',
  closed: 'مختومه',
  'unanswered-by-citizen': 'مختومه (عدم پاسخ متقاضی)',
};

export const EVENT_LABELS: Record<string, string> = {
  received: 'درخواست ثبت شد',
  'awaiting-identity': 'در انتظار پاسخ سامانه ثبت احوال',
  'identity-verified': 'هویت متقاضی تأیید شد',
  rejected: 'اطلاعات هویتی با ثبت احوال مطابقت نداشت؛ درخواست رد شد',
  routed: 'درخواست به کارشناس استان ارجاع شد',
  assigned: 'درخواست به کارشناس واگذار شد',
  escalated: 'مهلت پاسخ سپری شد؛ درخواست به سطح بالاتر ارجاع شد',
  reminder: 'یادآوری مهلت پاسخ به کارشناس',
  claimed: 'کارشناس درخواست را برداشت',
  'info-requested': 'کارشناس اطلاعات تکمیلی درخواست کرد',
  supplemented: 'متقاضی اطلاعات تکمیلی را ارسال کرد',
  note: 'یادداشت داخلی',
  transferred: 'درخواست به استان یا واحد دیگری منتقل شد',
  extended: 'مهلت پاسخ تمدید شد',
  'deadline-recounted': 'مهلت پاسخ با تغییر تقویم تعطیلات دوباره محاسبه شد',
  answered: 'کارشناس پاسخ داد',
  rated: 'متقاضی به پاسخ امتیاز داد',
  objected: 'متقاضی به پاسخ اعتراض کرد؛ درخواست به سرپرست ارجاع شد',
  closed: 'درخواست مختومه شد',
  'unanswered-by-citizen': 'متقاضی در مهلت مقرر پاسخ نداد؛ درخواست مختومه شد',
};

/** The Open311 API's error descriptions and the texts of its service definitions. */
export const OPEN311_MESSAGES = {
  noKey: 'کلید API فرستاده نشده است؛ آن را در سرآیند X-Api-Key بفرستید.',
  badKey: 'کلید API نامعتبر است یا باطل شده است.',
  serviceCode: 'کد خدمت (service_code) معتبر نیست؛ فهرست خدمات را از services.json بخوانید.',
  notText: 'این مقدار باید متن (رشته) باشد.',
  mediaUrl:
    'پیوست با نشانی (media_url) پذیرفته نمی‌شود؛ فایل را در بدنه multipart/form-data در فیلد media بفرستید.',
  nationalCodeRequired: 'کد ملی متقاضی را در سرآیند X-National-Code بفرستید.',
  badBody: 'بدنه درخواست خوانا نیست؛ یک شیء JSON یا فرم معتبر بفرستید.',
  unsupportedType:
    'نوع بدنه پشتیبانی نمی‌شود؛ application/json، application/x-www-form-urlencoded یا multipart/form-data بفرستید.',
  listFilter:
    'پارامترهای فهرست معتبر نیستند: status باید open یا closed و start_date و end_date تاریخ ISO 8601 باشند.',
  unknownEndpoint: 'چنین نشانی‌ای در API وجود ندارد؛ فهرست نشانی‌ها در openapi.json آمده است.',
  received: 'درخواست ثبت شد؛ کد پیگیری آن service_request_id است.',
  receivedIdentityLater:
    'درخواست ثبت شد؛ سامانه ثبت احوال در دسترس نبود و هویت متقاضی پس از ثبت بررسی خواهد شد.',
  attributes: {
    nationalCode: 'کد ملی ۱۰ رقمی متقاضی',
    birthDate: 'تاریخ تولد شمسی متقاضی، به شکل ۱۳۶۵/۰۴/۱۲',
    province: 'استانی که درخواست به آن مربوط است',
    areaCode: 'پیش شماره تلفن ثابت (اختیاری)',
    landline: 'شماره تلفن ثابت بدون پیش شماره (اختیاری)',
  },
};

export const DESK_LABELS: Record<Desk, string> = {
  province: 'کارتابل استان',
  inspection: 'دفتر بازرسی',
};

/** Why a workflow refused an action; the validator's reasons, shown to staff as they are. */
export const ACTION_REJECTIONS = {
  caseNotOpen: 'این درخواست در جریان رسیدگی نیست.',
  roleNotAllowed: 'نقش شما اجازه این اقدام را ندارد.',
  roleMayNotReply: 'نقش شما اجازه پاسخ به این درخواست را ندارد.',
  alreadyYours: 'این درخواست هم‌اکنون در کارتابل شماست.',
  assignedToAnother: 'این درخواست به کارشناس دیگری واگذار شده است.',
  notAssignee: 'ابتدا باید درخواست به شما واگذار شود.',
  infoAlreadyRequested: 'برای این درخواست اطلاعات تکمیلی درخواست شده و در انتظار پاسخ متقاضی است.',
  messageMissing: 'متن یافت نشد.',
  badExtension: `تمدید مهلت باید بین ۱ تا ${fa(MAX_EXTENSION_DAYS)} روز کاری و همراه با دلیل باشد.`,
  badTransfer: 'استان یا واحد مقصد با وضعیت فعلی تفاوتی ندارد.',
  badScore: `امتیاز باید عددی از ${fa(SCORE_MIN)} تا ${fa(SCORE_MAX)} باشد.`,
  noInfoRequested: 'برای این درخواست اطلاعات تکمیلی درخواست نشده است.',
  notAnswered: 'هنوز به این درخواست پاسخ داده نشده است.',
  alreadyRated: 'به این پاسخ قبلاً امتیاز داده‌اید.',
  objectionClosed: 'مهلت اعتراض به این پاسخ به پایان رسیده است.',
  alreadyObjected: 'اعتراض به هر پاسخ تنها یک بار ممکن است.',
  assigneeNotEligible:
    'این همکار نمی‌تواند به این درخواست رسیدگی کند: تنها کارشناسان و سرپرستان همان استان و واحد، و برای واحد بازرسی بازرسان، را می‌توان برگزید.',
  unknownProvince: 'استان مقصد شناخته‌شده نیست.',
  confidentialStaysWithInspection: 'شکایت محرمانه نزد دفتر بازرسی می‌ماند و به واحد استانی ارجاع نمی‌شود.',
  stepFailed:
    'این اقدام انجام نشد و درخواست بدون تغییر ماند؛ خطایی پیش آمد که با تکرار برطرف نمی‌شود. لطفاً به راهبر سامانه خبر دهید.',
};

/**
 * SMS and email texts, as Handlebars templates: `code` is the tracking code (Persian digits),
 * `trackUrl` the tracking page, `level` an escalation level, `dueAt` a deadline.
 */
export const NOTIFICATION_TEMPLATES = {
  received: {
    subject: 'ثبت درخواست در میز خدمت حج و زیارت',
    body: 'درخواست شما در میز خدمت سازمان حج و زیارت ثبت شد. کد پیگیری: {{code}}',
  },
  rejected: {
    subject: 'درخواست شما رد شد',
    body: 'درخواست {{code}}: تاریخ تولد و کد ملی با اطلاعات ثبت احوال مطابقت نداشت و درخواست رد شد.',
  },
  'info-requested': {
    subject: 'درخواست اطلاعات تکمیلی',
    body: 'کارشناس برای رسیدگی به درخواست {{code}} اطلاعات تکمیلی خواسته است. لطفاً تا {{dueAt}} از طریق {{trackUrl}} پاسخ دهید.',
  },
  answered: {
    subject: 'پاسخ درخواست شما',
    body: 'به درخواست {{code}} پاسخ داده شد. برای مشاهده پاسخ به {{trackUrl}} مراجعه کنید.',
  },
  closed: {
    subject: 'درخواست شما مختومه شد',
    body: 'رسیدگی به درخواست {{code}} پایان یافت. از همراهی شما سپاسگزاریم.',
  },
  'unanswered-by-citizen': {
    subject: 'درخواست شما مختومه شد',
    body: 'چون اطلاعات تکمیلی درخواست {{code}} در مهلت مقرر ارسال نشد، درخواست مختومه شد.',
  },
  assigned: { subject: 'درخواست جدید', body: 'درخواست {{code}} به شما واگذار شد.' },
  reminder: { subject: 'یادآوری مهلت پاسخ', body: 'مهلت پاسخ به درخواست {{code}} تا {{dueAt}} است.' },
  escalated: {
    subject: 'ارجاع درخواست معوق',
    body: 'مهلت پاسخ به درخواست {{code}} سپری شد و در سطح {{level}} به شما ارجاع شد.',
  },
  objected: {
    subject: 'اعتراض متقاضی',
    body: 'متقاضی به پاسخ درخواست {{code}} اعتراض کرد و درخواست برای بررسی به شما ارجاع شد.',
  },
  supplemented: {
    subject: 'پاسخ متقاضی',
    body: 'متقاضی اطلاعات تکمیلی درخواست {{code}} را فرستاد؛ مهلت پاسخ دوباره آغاز شد.',
  },
} as const;

export type NotificationKind = keyof typeof NOTIFICATION_TEMPLATES;

/** The staff's case page. */
export const STAFF_CASE_PAGE = {
  title: (trackingCode: string) => `درخواست ${trackingCode}`,
  daysLeft: (days: string) => `${days} روز کاری مانده`,
  daysOverdue: (days: string) => `${days} روز کاری از مهلت گذشته`,
  /** Who works an unassigned case. */
  pool: 'کارتابل استان',
};

/** The citizen's track pages. */
export const TRACK_PAGE = {
  formTitle: 'پیگیری درخواست',
  resultTitle: 'نتیجه استعلام',
};

/** The staff's case lists: the inbox, the escalations, the dashboard. */
export const STAFF_LIST_PAGES = {
  inboxTitle: 'کارتابل',
  views: { mine: 'درخواست‌های من', pool: 'کارتابل استان (واگذار نشده)', all: 'همه درخواست‌ها' },
  openStatuses: 'در جریان رسیدگی',
  anyStatus: 'همه وضعیت‌ها',
  escalationsTitle: 'ارجاع‌ها و تأخیرها',
  /** Where a staff member without a province works. */
  headquarters: 'ستاد',
  dashboardTitle: 'داشبورد',
  counts: { open: 'باز', overdue: 'معوق', answered: 'پاسخ داده شده' },
  trend: { received: 'دریافتی', answered: 'پاسخ داده شده' },
  byProvince: 'درخواست‌ها به تفکیک استان',
  bySubject: 'درخواست‌ها به تفکیک موضوع',
  weekly: 'روند هفتگی',
  hours: (n: string) => `${n} ساعت`,
  days: (n: string) => `${n} روز`,
};
