import type { CaseStatus } from './caseStatus';

/** Every Persian sentence the system says, in one place. */
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
  answered: 'کارشناس پاسخ داد',
  rated: 'متقاضی به پاسخ امتیاز داد',
  objected: 'متقاضی به پاسخ اعتراض کرد؛ درخواست به سرپرست ارجاع شد',
  closed: 'درخواست مختومه شد',
  'unanswered-by-citizen': 'متقاضی در مهلت مقرر پاسخ نداد؛ درخواست مختومه شد',
};

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
  attachmentSize: 'حجم هر فایل حداکثر ۳۰۰ کیلوبایت است.',
  attachmentType: 'نوع فایل مجاز نیست؛ پسوندهای مجاز: jpg, jpeg, png, pdf, zip, xls, xlsx',
  attachmentCount: 'تعداد فایل‌ها بیش از حد مجاز است.',
  captcha: 'کد امنیتی درست وارد نشده است.',
  trackingCode: 'کد پیگیری معتبر نیست.',
  supplement: 'متن پاسخ خود به پرسش کارشناس را وارد کنید.',
  objection: 'دلیل اعتراض خود را بنویسید.',
  score: 'امتیاز را از ۱ تا ۵ انتخاب کنید.',
  citizenTextTooLong: (max: string) => `متن حداکثر ${max} نویسه است.`,
  form: 'لطفاً خطاهای مشخص شده را برطرف کنید.',
};

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
};

/** What the pages' scripts say; the views hand these to the scripts in data attributes. */
export const CLIENT_MESSAGES = {
  identityPending: 'در حال استعلام از ثبت احوال…',
  identityFailed: 'استعلام انجام نشد؛ لطفاً دوباره تلاش کنید.',
  /** `{n}` characters typed of `{max}`. */
  textCounter: '{n} از {max} نویسه',
  captchaRefreshed: 'کد امنیتی جدید نمایش داده شد.',
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
  badExtension: 'تمدید مهلت باید بین ۱ تا ۳۰ روز کاری و همراه با دلیل باشد.',
  badTransfer: 'استان یا واحد مقصد با وضعیت فعلی تفاوتی ندارد.',
  badScore: 'امتیاز باید عددی از ۱ تا ۵ باشد.',
  noInfoRequested: 'برای این درخواست اطلاعات تکمیلی درخواست نشده است.',
  notAnswered: 'هنوز به این درخواست پاسخ داده نشده است.',
  alreadyRated: 'به این پاسخ قبلاً امتیاز داده‌اید.',
  objectionClosed: 'مهلت اعتراض به این پاسخ به پایان رسیده است.',
  alreadyObjected: 'اعتراض به هر پاسخ تنها یک بار ممکن است.',
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
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_TEMPLATES;
