import type { CaseStatus, Desk, StaffRole } from '../desk/caseStatus';
import { MAX_ATTACHMENT_BYTES, MAX_EXTENSION_DAYS, SCORE_MAX, SCORE_MIN } from '../desk/policy';
import { toPersianDigits as fa } from './digits';

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
  'deadline-recounted': 'مهلت پاسخ با تغییر تقویم تعطیلات دوباره محاسبه شد',
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
};

export const ROLE_LABELS: Record<StaffRole, string> = {
  expert: 'کارشناس',
  supervisor: 'سرپرست استان',
  inspector: 'دفتر بازرسی',
  admin: 'مدیر سامانه',
  agent: 'کارگزار',
};

export const DESK_LABELS: Record<Desk, string> = {
  province: 'کارتابل استان',
  inspection: 'دفتر بازرسی',
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
} as const;
export type NotificationKind = keyof typeof NOTIFICATION_TEMPLATES;

/** The Hajj Tamattu journey (seed 002): stages, steps, refusals, import problems and notices. */
export const HAJJ_STAGE_LABELS = {
  called: 'فراخوانده شده؛ در انتظار رزرو کاروان',
  booking: 'در انتظار رزرو و انتخاب کاروان',
  held: 'جایگاه در کاروان رزرو شد؛ در انتظار مراجعه به کاروان با مدارک',
  documents: 'مدارک تأیید شد؛ ثبت نام در کاروان قطعی شد',
  payment: 'در انتظار دریافت فیش پرداخت اعزام',
  medical: 'در انتظار معاینه زائر',
  insurance: 'در انتظار بیمه زائر',
  training: 'در انتظار کلاس‌های آموزشی کاروان',
  card: 'در انتظار صدور کارت زائر',
  'visa-request': 'در انتظار ارسال برای روادید',
  visa: 'در انتظار دریافت روادید',
  ticket: 'در انتظار صدور مجوز بلیط',
  dispatch: 'آماده اعزام',
  dispatched: 'اعزام شد',
  unfit: 'متوقف شد: نتیجه معاینه پزشکی عدم صلاحیت سفر',
  'visa-refused': 'متوقف شد: روادید صادر نشد',
  cancelled: 'انصراف از سفر ثبت شد',
} as const;

/** The steps on the pilgrim's page, in the guide's order. */
export const HAJJ_STEP_LABELS = {
  booking: 'رزرو و انتخاب کاروان',
  documents: 'مراجعه به کاروان با مدارک و قطعی کردن ثبت نام',
  payment: 'دریافت فیش پرداخت اعزام',
  medical: 'معاینه زائر',
  insurance: 'بیمه کردن زائر',
  training: 'کلاس‌های آموزشی کاروان',
  card: 'صدور کارت زائر',
  'visa-request': 'ارسال به روادید',
  visa: 'دریافت ویزا توسط سازمان حج و زیارت',
  ticket: 'صدور مجوز بلیط',
  dispatch: 'اعزام و ثبت صورتجلسه اعزام (پرواز)',
} as const;

export const HAJJ_EVENT_LABELS: Record<string, string> = {
  called: 'در نوبت اعزام فراخوانده شدید',
  held: 'جایگاه در کاروان رزرو شد',
  'hold-expired': 'مهلت قطعی کردن ثبت نام سپری شد و جایگاه آزاد شد',
  reminder: 'یادآوری مهلت',
  documents: 'مدارک تأیید و ثبت نام قطعی شد',
  payment: 'فیش پرداخت اعزام پرداخت شد',
  medical: 'نتیجه معاینه ثبت شد',
  insurance: 'بیمه صادر شد',
  training: 'کلاس‌های آموزشی گذرانده شد',
  card: 'کارت زائر صادر شد',
  'visa-request': 'مدارک برای روادید ارسال شد',
  visa: 'نتیجه روادید ثبت شد',
  ticket: 'مجوز بلیط صادر شد',
  dispatch: 'اعزام و صورتجلسه پرواز ثبت شد',
  unfit: 'سفر به دلیل نتیجه معاینه متوقف شد',
  'visa-refused': 'روادید صادر نشد',
  cancelled: 'انصراف از سفر ثبت و سند ودیعه پایدار شد',
};

/** The services during the trip: the caravan's plan, as the guide lists them. */
export const HAJJ_TRIP_SERVICES = [
  'تغذیه متمرکز',
  'تدارکات متمرکز',
  'حمل و نقل درون شهری',
  'حمل و نقل برون شهری',
  'حمل و نقل ایام تشریق',
  'خدمات درمانی',
  'خدمات بیمه ای',
];

/** What to bring to the caravan office (مدارک مورد نیاز). */
export const HAJJ_REQUIRED_DOCUMENTS = [
  'شناسنامه و کارت ملی',
  'گذرنامه با اعتبار حداقل ۶ ماه از تاریخ پرواز',
];

/** Why a journey action was refused: the workflow's validators and the booking say these. */
export const HAJJ_REJECTIONS = {
  wrongStage: 'این مرحله اکنون برای این زائر قابل ثبت نیست.',
  stepFailed:
    'این اقدام انجام نشد و پرونده زائر بدون تغییر ماند؛ خطایی پیش آمد که با تکرار برطرف نمی‌شود. لطفاً به راهبر سامانه خبر دهید.',
  roleNotAllowed: 'نقش شما اجازه ثبت این مرحله را ندارد.',
  notYourCaravan: 'این زائر در کاروان شما ثبت نام نکرده است.',
  notYourProvince: 'این زائر در استان شما نیست.',
  caravanFull: 'ظرفیت این کاروان تکمیل است.',
  caravanUnknown: 'کاروان یافت نشد.',
  otherProvince: 'کاروان باید از کاروان‌های استان شما باشد.',
  alreadyBooked: 'برای این زائر جایگاهی در کاروان رزرو شده است.',
  documentsMissing: 'شناسنامه و کارت ملی زائر باید بررسی و تأیید شود.',
  passportTooShort: 'اعتبار گذرنامه باید حداقل ۶ ماه پس از تاریخ پرواز باشد.',
  passportDate: 'تاریخ انقضای گذرنامه معتبر نیست.',
  paymentAmount: 'مبلغ پرداختی با مبلغ فیش اعزام برابر نیست.',
  medicalResult: 'نتیجه معاینه باید «صلاحیت سفر دارد» یا «صلاحیت سفر ندارد» باشد.',
  visaResult: 'نتیجه روادید معتبر نیست.',
  flightRecord: 'شماره صورتجلسه اعزام را وارد کنید.',
  notCancellable: 'انصراف تنها پس از ثبت نام قطعی و پیش از اعزام ممکن است.',
  cancelByAgent: 'تا پیش از ارسال به روادید، انصراف را کارگزار کاروان ثبت می‌کند.',
  cancelByProvince: 'پس از ارسال به روادید، انصراف را دفتر استان ثبت می‌کند.',
};

export const HAJJ_IMPORT_PROBLEMS = {
  columns: 'تعداد ستون‌ها باید ۵ (کد ملی، شماره ودیعه، شعبه، تاریخ و ساعت، مبلغ) یا ۶ (با تلفن همراه) باشد.',
  nationalCode: 'کد ملی معتبر نیست.',
  depositNumber: 'شماره ودیعه معتبر نیست.',
  bankBranch: 'شعبه بانک وارد نشده است.',
  depositedAt: 'تاریخ و ساعت ودیعه گذاری معتبر نیست.',
  amount: 'مبلغ ودیعه باید عددی صحیح و مثبت به ریال باشد.',
  mobile: 'شماره تلفن همراه معتبر نیست.',
  notInRegistry: 'کد ملی در ثبت احوال یافت نشد.',
  registryUnavailable: 'سامانه ثبت احوال پاسخ نداد؛ این ردیف را دوباره وارد کنید.',
  nationalCodeTaken: 'برای این کد ملی ودیعه دیگری ثبت شده است.',
  depositNumberTaken: 'این شماره ودیعه برای کد ملی دیگری ثبت شده است.',
} as const;

/** The settlement receipt: its title and why the deposit was settled, by the journey's end reason. */
export const HAJJ_SETTLEMENT_REASONS = {
  cancelled: 'انصراف از سفر به درخواست زائر',
  medical: 'عدم صلاحیت سفر بر اساس نتیجه معاینه پزشکی',
  visa: 'صادر نشدن روادید',
} as const;

export const HAJJ_RECEIPT_TITLES = {
  cancelled: 'رسید انصراف از سفر حج تمتع',
  medical: 'رسید تسویه ودیعه حج تمتع',
  visa: 'رسید تسویه ودیعه حج تمتع',
} as const;

/** Who recorded the journey's end, by staff role, as the receipt names them. */
export const HAJJ_RECORDED_BY = {
  agent: 'کارگزار کاروان',
  supervisor: 'دفتر استان',
  admin: 'ستاد سازمان حج و زیارت',
} as const;

export const HAJJ_PAGE_MESSAGES = {
  queueNotFound: 'ودیعه‌ای با این کد ملی و شماره ودیعه یافت نشد.',
  depositsPaused: 'با توجه به حجم یک میلیون نفر در صف، ودیعه گذاری حج تمتع فعلاً متوقف است.',
  depositsOpen: 'ودیعه گذاری حج تمتع از طریق شعب بانک ملی انجام می‌شود.',
  depositNumber: 'شماره ودیعه معتبر نیست.',
  chooseCaravan: 'کاروان را از فهرست انتخاب کنید.',
  booked: 'جایگاه شما در کاروان رزرو شد. برای قطعی کردن ثبت نام با مدارک به دفتر کاروان مراجعه کنید.',
  notCalled: 'نوبت شما هنوز فراخوانده نشده است.',
  importDone: (inserted: string, duplicates: string, rejected: string) =>
    `${inserted} ودیعه افزوده شد؛ ${duplicates} ردیف تکراری بود؛ ${rejected} ردیف پذیرفته نشد.`,
  roundOpened: (called: string) => `نوبت جدید برای ${called} زائر گشوده شد.`,
  noticesTitle: 'اطلاعیه‌های فراخوان',
  roundNotice: (called: string, through: string) =>
    `${called} نفر از ودیعه‌گذاران حج تمتع تا ${through} برای انتخاب کاروان و ثبت نام فراخوانده شدند.`,
  roundStartsLater:
    'موتور گردش کار اکنون در دسترس نیست؛ فراخوان زائران این نوبت به‌محض در دسترس شدن آن خودکار آغاز می‌شود.',
  stepDone: 'مرحله ثبت شد.',
  roundSize: 'تعداد نفرات نوبت را به عدد وارد کنید.',
  autoReplacementOn: 'فراخوان خودکار نفر بعدی صف به جای انصراف یا عدم صلاحیت پزشکی فعال است.',
  autoReplacementOff: 'فراخوان خودکار نفر بعدی صف غیرفعال است.',
  replacementRound: (deposit: string) => `جایگزین ودیعه ${deposit}`,
  importFileSize: 'حجم پرونده ودیعه‌ها حداکثر ۱۰۰ مگابایت است.',
  caravanForm: 'مشخصات کاروان کامل یا معتبر نیست؛ ظرفیت، قیمت و تاریخ‌ها را بررسی کنید.',
};

/** SMS and inbox texts of the journey; `caravan`, `dueAt`, `receipt` as the notice needs. */
export const HAJJ_NOTIFICATION_TEMPLATES = {
  called: {
    subject: 'فراخوان حج تمتع',
    body: 'نوبت شما برای حج تمتع فرا رسید. لطفاً از سامانه رزرو حج تمتع یا دفاتر کاروان‌ها کاروان خود را انتخاب کنید.',
  },
  held: {
    subject: 'رزرو کاروان',
    body: 'جایگاه شما در کاروان {{caravan}} تا {{dueAt}} رزرو شد. با مدارک به دفتر کاروان مراجعه کنید.',
  },
  'hold-expired': {
    subject: 'آزاد شدن جایگاه',
    body: 'مهلت قطعی کردن ثبت نام در کاروان {{caravan}} سپری شد و جایگاه آزاد شد. می‌توانید دوباره رزرو کنید.',
  },
  reminder: { subject: 'یادآوری حج تمتع', body: 'مهلت مرحله «{{step}}» تا {{dueAt}} است.' },
  unfit: {
    subject: 'نتیجه معاینه',
    body: 'بر اساس نتیجه معاینه پزشکی، سفر حج تمتع شما متوقف شد.{{#if receipt}} سند ودیعه پایدار شد؛ رسید شماره {{receipt}} را برای دریافت مابقی مبلغ پرداختی به بانک ارائه کنید.{{/if}} برای پیگیری به کاروان یا دفتر استان مراجعه کنید.',
  },
  'visa-refused': {
    subject: 'روادید',
    body: 'روادید سفر حج تمتع شما صادر نشد.{{#if receipt}} سند ودیعه پایدار شد؛ رسید شماره {{receipt}} را برای دریافت مابقی مبلغ پرداختی به بانک ارائه کنید.{{/if}} برای پیگیری به دفتر استان مراجعه کنید.',
  },
  dispatched: { subject: 'اعزام', body: 'سفر شما به خیر. اعزام شما با کاروان {{caravan}} ثبت شد.' },
  cancelled: {
    subject: 'انصراف از سفر',
    body: 'انصراف شما از سفر حج تمتع ثبت شد. رسید شماره {{receipt}} را برای دریافت مبلغ به بانک ارائه کنید.',
  },
  'round-opened': {
    subject: 'نوبت جدید حج تمتع',
    body: 'نوبت جدید فراخوان حج تمتع برای {{count}} زائر گشوده شد؛ لطفاً اطلاع رسانی در سطح استان انجام شود.',
  },
} as const;
export type HajjNotificationKind = keyof typeof HAJJ_NOTIFICATION_TEMPLATES;
