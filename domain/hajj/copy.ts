/** The Hajj Tamattu journey's Persian copy (seed 002): stages, steps, refusals, import problems and notices. */
import { toPersianDigits as fa } from '../shared/digits';
import {
  DEPOSIT_FILE_COLUMNS,
  DEPOSIT_FILE_COLUMNS_WITH_MOBILE,
  MAX_DEPOSIT_FILE_MB,
  MAX_DOCUMENT_MB,
  MAX_PAYMENT_FILE_MB,
  MAX_REASON_LENGTH,
  PASSPORT_MONTHS_AFTER_FLIGHT,
  PAYMENT_FILE_COLUMNS,
  POLICY_NUMBER_MAX_LENGTH,
  POLICY_NUMBER_MIN_LENGTH,
} from './policy';

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

/** The services during the trip (خدمات ایام سفر), as the guide lists them: each caravan's own plan. */
export const HAJJ_TRIP_SERVICE_LABELS = {
  catering: 'تغذیه متمرکز',
  logistics: 'تدارکات متمرکز',
  'intra-city': 'حمل و نقل درون شهری',
  'inter-city': 'حمل و نقل برون شهری',
  tashriq: 'حمل و نقل ایام تشریق',
  medical: 'خدمات درمانی',
  insurance: 'خدمات بیمه ای',
} as const;

/** What to bring to the caravan office (مدارک مورد نیاز). */

export const HAJJ_REQUIRED_DOCUMENTS = [
  'شناسنامه و کارت ملی',
  `گذرنامه با اعتبار حداقل ${fa(PASSPORT_MONTHS_AFTER_FLIGHT)} ماه از تاریخ پرواز`,
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
  caravanOtherKind:
    'این کاروان برای سفر دیگری است؛ کاروانی از نوع سفر زائر (حج تمتع یا عمره مفرده) انتخاب کنید.',
  documentsMissing: 'شناسنامه و کارت ملی زائر باید بررسی و تأیید شود.',
  passportTooShort: `اعتبار گذرنامه باید حداقل ${fa(PASSPORT_MONTHS_AFTER_FLIGHT)} ماه پس از تاریخ پرواز باشد.`,
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
  columns: `تعداد ستون‌ها باید ${fa(DEPOSIT_FILE_COLUMNS)} (کد ملی، شماره ودیعه، شعبه، تاریخ و ساعت، مبلغ) یا ${fa(DEPOSIT_FILE_COLUMNS_WITH_MOBILE)} (با تلفن همراه) باشد.`,
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

/** The settlement receipt's title by journey kind (the Hajj's above). */
export const HAJJ_RECEIPT_TITLES_BY_KIND = {
  'hajj-tamattu': HAJJ_RECEIPT_TITLES,
  umrah: {
    cancelled: 'رسید انصراف از سفر عمره مفرده',
    medical: 'رسید تسویه ودیعه عمره مفرده',
    visa: 'رسید تسویه ودیعه عمره مفرده',
  },
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
  noticesTitle: 'اطلاعیه‌های فراخوان',
  roundNotice: (called: string, through: string) =>
    `${called} نفر از ودیعه‌گذاران حج تمتع تا ${through} برای انتخاب کاروان و ثبت نام فراخوانده شدند.`,
  roundStartsLater:
    'موتور گردش کار اکنون در دسترس نیست؛ فراخوان زائران این نوبت به‌محض در دسترس شدن آن خودکار آغاز می‌شود.',
  roundSize: 'تعداد نفرات نوبت را به عدد وارد کنید.',
  autoReplacementOn: 'فراخوان خودکار نفر بعدی صف به جای انصراف یا عدم صلاحیت پزشکی فعال است.',
  autoReplacementOff: 'فراخوان خودکار نفر بعدی صف غیرفعال است.',
  replacementRound: (deposit: string) => `جایگزین ودیعه ${deposit}`,
  importFileSize: `حجم پرونده ودیعه‌ها حداکثر ${fa(MAX_DEPOSIT_FILE_MB)} مگابایت است.`,
  caravanForm: 'مشخصات کاروان کامل یا معتبر نیست؛ ظرفیت، قیمت و تاریخ‌ها را بررسی کنید.',
};

/** The bulk work's pages: the deposit import as a workflow, the caravan's batches, trip services. */
export const HAJJ_BATCH_MESSAGES = {
  importStaged: (rows: string) =>
    `پرونده با ${rows} ردیف دریافت شد؛ ورود ردیف‌ها در پس‌زمینه انجام می‌شود و پیشرفت آن در همین صفحه دیده می‌شود.`,
  importStartsLater:
    'موتور گردش کار اکنون در دسترس نیست؛ ورود ردیف‌ها به‌محض در دسترس شدن آن خودکار آغاز می‌شود.',
  importFile: 'پرونده ودیعه‌ها (CSV) را انتخاب کنید.',
  importEncoding: 'پرونده ودیعه‌ها باید متن CSV با نویسه‌گذاری UTF-8 باشد.',
  importEmpty: 'پرونده ودیعه‌ها هیچ ردیفی ندارد.',
  importStatus: { staged: 'در انتظار آغاز', running: 'در حال ورود', done: 'پایان یافته' },
  batchStatus: { running: 'در حال ارسال', done: 'پایان یافته' },
  batchKinds: {
    'visa-request': 'ارسال به روادید',
    visa: 'نتیجه روادید و مجوز بلیط',
    dispatch: 'اعزام و صورتجلسه پرواز',
  },
  batchStarted: 'دسته ثبت شد؛ ارسال به پرونده زائران با آهنگ محدود در پس‌زمینه انجام می‌شود.',
  batchStartsLater:
    'موتور گردش کار اکنون در دسترس نیست؛ ارسال این دسته به‌محض در دسترس شدن آن خودکار آغاز می‌شود.',
  batchEmpty: 'هیچ زائری در این دسته انتخاب نشده است.',
  batchUnknownPilgrim: (line: string, deposit: string) =>
    `ردیف ${line}: ودیعه ${deposit} در این کاروان آماده این مرحله نیست.`,
  batchDuplicate: (line: string, deposit: string) => `ردیف ${line}: ودیعه ${deposit} تکراری است.`,
  batchRow: (line: string) =>
    `ردیف ${line}: قالب ردیف درست نیست (شماره ودیعه، نتیجه روادید: صادر/رد/خالی، مجوز بلیط: بله/خیر).`,
  batchFile: 'پرونده نتایج باید متن CSV با نویسه‌گذاری UTF-8 و حداکثر ۱ مگابایت باشد.',
  batchNothing: 'برای هیچ زائری نتیجه‌ای وارد نشده است.',
  flightForm: 'شماره پرواز، تاریخ پرواز (YYYY-MM-DD)، فرودگاه و شماره صورتجلسه را کامل وارد کنید.',
  outcomes: { sent: 'ثبت شد', refused: 'پذیرفته نشد', skipped: 'ارسال نشد', pending: 'در انتظار' },
  visaResults: { issued: 'صادر شد', refused: 'رد شد' },
  absent: 'غایب',
  present: 'حاضر',
  servicesSaved: 'خدمات ایام سفر کاروان ذخیره شد.',
  servicesForm: (label: string) =>
    `«${label}»: شرح خدمت لازم است و هر بخش باید در اندازه مجاز باشد (شرح ۳۰۰، مکان ۲۰۰، زمان و تماس ۱۰۰ نویسه).`,
  noServices: 'کاروان هنوز برنامه خدمات ایام سفر را ثبت نکرده است.',
};

/** What the Hajj staff forms say about a field they cannot read. */
export const HAJJ_FIELD_ERRORS = {
  required: 'تکمیل این فیلد الزامی است.',
  jalaliDate: 'تاریخ معتبر نیست؛ به تقویم خورشیدی و به شکل ۱۴۰۵/۰۳/۲۰ وارد کنید.',
  gregorianDate: 'تاریخ را به تقویم خورشیدی (مانند ۱۴۰۵/۰۳/۲۰) وارد کنید؛ تاریخ میلادی پذیرفته نمی‌شود.',
  departsOrder: 'تاریخ پایان بازه اعزام نباید پیش از آغاز آن باشد.',
  wholeNumber: 'عددی صحیح و مثبت وارد کنید (با رقم‌های فارسی یا لاتین).',
  rials: 'مبلغ را به ریال و فقط با رقم وارد کنید.',
  province: 'استان را از فهرست انتخاب کنید.',
  agentUnknown: 'کاربری با این شناسه یافت نشد.',
};

/** The confirmation steps before money moves or many people are called, and what each then says. */
export const HAJJ_CONFIRM_MESSAGES = {
  bookTitle: 'تأیید رزرو کاروان',
  bookLead: 'پیش از رزرو، مشخصات کاروان و مبلغی را که باید بپردازید بررسی کنید.',
  cancelTitle: 'تأیید ثبت انصراف',
  cancelLead:
    'با ثبت انصراف، سند ودیعه پایدار می‌شود: اصل مبلغ سند بلوکه می‌ماند و مابقی پرداختی زائر عودت داده می‌شود. این کار بازگشت‌پذیر نیست.',
  cancelDone: (receipt: string) => `انصراف زائر ثبت شد. رسید شماره ${receipt} صادر شد.`,
  roundTitle: 'تأیید گشودن نوبت جدید',
  roundLead: (requested: string) =>
    `برای ${requested} نفر درخواست نوبت داده‌اید. با تأیید، این افراد به ترتیب تاریخ ودیعه گذاری فراخوانده می‌شوند.`,
  roundShort: (queued: string) => `تنها ${queued} نفر در صف هستند؛ همه آن‌ها فراخوانده می‌شوند.`,
  roundEmpty: 'کسی در صف ودیعه نیست؛ نوبتی گشوده نمی‌شود.',
  roundOpened: (round: string, called: string, texted: string) =>
    `نوبت ${round} گشوده شد: ${called} زائر فراخوانده شدند و برای ${texted} نفر پیامک فراخوان فرستاده می‌شود.`,
  stepDone: (step: string) => `مرحله «${step}» برای این زائر ثبت شد.`,
};

/**
 * SMS and inbox texts of the journey; `caravan`, `dueAt`, `receipt` as the notice needs, `kind` the
 * journey kind's name (HAJJ_KIND_LABELS: حج تمتع, عمره مفرده).
 */
export const HAJJ_NOTIFICATION_TEMPLATES = {
  called: {
    subject: 'فراخوان {{kind}}',
    body: 'نوبت شما برای {{kind}} فرا رسید. لطفاً از سامانه رزرو {{kind}} یا دفاتر کاروان‌ها کاروان خود را انتخاب کنید.',
  },
  held: {
    subject: 'رزرو کاروان',
    body: 'جایگاه شما در کاروان {{caravan}} تا {{dueAt}} رزرو شد. با مدارک به دفتر کاروان مراجعه کنید.',
  },
  'hold-expired': {
    subject: 'آزاد شدن جایگاه',
    body: 'مهلت قطعی کردن ثبت نام در کاروان {{caravan}} سپری شد و جایگاه آزاد شد. می‌توانید دوباره رزرو کنید.',
  },
  reminder: { subject: 'یادآوری {{kind}}', body: 'مهلت مرحله «{{step}}» تا {{dueAt}} است.' },
  unfit: {
    subject: 'نتیجه معاینه',
    body: 'بر اساس نتیجه معاینه پزشکی، سفر {{kind}} شما متوقف شد.{{#if receipt}} سند ودیعه پایدار شد؛ رسید شماره {{receipt}} را برای دریافت مابقی مبلغ پرداختی به بانک ارائه کنید.{{/if}} برای پیگیری به کاروان یا دفتر استان مراجعه کنید.',
  },
  'visa-refused': {
    subject: 'روادید',
    body: 'روادید سفر {{kind}} شما صادر نشد.{{#if receipt}} سند ودیعه پایدار شد؛ رسید شماره {{receipt}} را برای دریافت مابقی مبلغ پرداختی به بانک ارائه کنید.{{/if}} برای پیگیری به دفتر استان مراجعه کنید.',
  },
  dispatched: { subject: 'اعزام', body: 'سفر شما به خیر. اعزام شما با کاروان {{caravan}} ثبت شد.' },
  cancelled: {
    subject: 'انصراف از سفر',
    body: 'انصراف شما از سفر {{kind}} ثبت شد. رسید شماره {{receipt}} را برای دریافت مبلغ به بانک ارائه کنید.',
  },
  'round-opened': {
    subject: 'نوبت جدید {{kind}}',
    body: 'نوبت جدید فراخوان {{kind}} برای {{count}} زائر گشوده شد؛ لطفاً اطلاع رسانی در سطح استان انجام شود.',
  },
} as const;

export type HajjNotificationKind = keyof typeof HAJJ_NOTIFICATION_TEMPLATES;

/** The final registration (issue 19): documents, slip, bank file, exam, insurance, training, card. */
export const HAJJ_DOCUMENT_LABELS = {
  photo: 'عکس زائر',
  'national-card': 'تصویر کارت ملی',
  'birth-certificate': 'تصویر شناسنامه',
  passport: 'تصویر گذرنامه',
  identity: 'مشخصات شناسنامه و گذرنامه',
} as const;

export const HAJJ_DOCUMENT_STATES = {
  missing: 'دریافت نشده',
  pending: 'در انتظار بررسی کارگزار',
  accepted: 'تأیید شد',
  refused: 'رد شد',
  tooShort: `اعتبار گذرنامه کمتر از ${fa(PASSPORT_MONTHS_AFTER_FLIGHT)} ماه پس از تاریخ پرواز است`,
} as const;

export const HAJJ_REGISTRATION_ERRORS = {
  birthCertificateNumber: 'شماره شناسنامه باید عددی تا ۱۰ رقم باشد.',
  passportNumber: 'شماره گذرنامه باید یک حرف لاتین و ۸ رقم باشد (مانند A12345678).',
  passportIssuedOn: 'تاریخ صدور گذرنامه را به صورت ۱۴۰۳/۰۱/۱۵ وارد کنید.',
  passportIssuedInFuture: 'تاریخ صدور گذرنامه نمی‌تواند پس از امروز باشد.',
  passportExpiresOn: 'تاریخ انقضای گذرنامه را به صورت ۱۴۰۸/۰۱/۱۵ وارد کنید.',
  passportExpiresBeforeIssue: 'تاریخ انقضای گذرنامه باید پس از تاریخ صدور آن باشد.',
  passportTooShort: `اعتبار گذرنامه باید حداقل ${fa(PASSPORT_MONTHS_AFTER_FLIGHT)} ماه پس از تاریخ پرواز کاروان باشد.`,
  documentKind: 'نوع مدرک معتبر نیست.',
  documentFile: 'پرونده مدرک را انتخاب کنید.',
  documentType:
    'عکس زائر باید JPG یا PNG و تصویر مدارک JPG، PNG یا PDF باشد و محتوای پرونده با نوع آن بخواند.',
  documentSize: `حجم هر مدرک حداکثر ${fa(MAX_DOCUMENT_MB)} مگابایت است.`,
  verdict: 'نتیجه بررسی مدرک را انتخاب کنید.',
  reason: `علت رد مدرک را (حداکثر ${fa(MAX_REASON_LENGTH)} نویسه) بنویسید.`,
  documentChanged: 'این مدرک پس از باز شدن صفحه دوباره بارگذاری شده است؛ پرونده جدید را بررسی کنید.',
  documentsIncomplete: 'پیش از قطعی کردن ثبت نام، مشخصات گذرنامه باید ثبت و همه مدارک تأیید شده باشد.',
  notNow: 'این بخش در مرحله کنونی زائر قابل ثبت نیست.',
  medicalResult: 'نتیجه معاینه را انتخاب کنید.',
  examDate: 'تاریخ معاینه را به صورت ۱۴۰۳/۰۲/۲۰ و نه پس از امروز وارد کنید.',
  insurer: 'نام بیمه‌گر را وارد کنید.',
  policyNumber: `شماره بیمه‌نامه باید ${fa(POLICY_NUMBER_MIN_LENGTH)} تا ${fa(POLICY_NUMBER_MAX_LENGTH)} نویسه از حروف لاتین، رقم، / یا - باشد.`,
  trainingIncomplete: 'زائر باید در همه کلاس‌های آموزشی برنامه کاروان حاضر شده باشد.',
  classDate: 'تاریخ کلاس را به صورت ۱۴۰۳/۰۲/۲۰ وارد کنید.',
  classTime: 'ساعت کلاس را به صورت ۱۶:۳۰ وارد کنید.',
  classPlace: 'محل برگزاری کلاس را وارد کنید.',
  classTopic: 'موضوع کلاس را وارد کنید.',
  classNotHeld: 'حضور و غیاب کلاس پس از برگزاری آن ثبت می‌شود.',
  sheba: 'شماره شبا باید با IR و ۲۴ رقم و رقم کنترل درست باشد.',
  accountHolder: 'نام صاحب حساب را وارد کنید.',
  accountNotSet: 'حساب بانکی فیش پرداخت اعزام هنوز از سوی ستاد تعیین نشده است.',
  registryUnavailable: 'سامانه ثبت احوال پاسخ نداد؛ کارت زائر را کمی بعد صادر کنید.',
  photoNeeded: 'برای صدور کارت زائر، عکس زائر باید تأیید شده باشد.',
  paymentFile: 'فایل پرداخت‌های بانک را انتخاب کنید.',
  paymentFileSize: `حجم فایل پرداخت‌های بانک حداکثر ${fa(MAX_PAYMENT_FILE_MB)} مگابایت است.`,
  paymentFileEncoding: 'فایل پرداخت‌های بانک باید متن CSV با نویسه‌گذاری UTF-8 باشد.',
  paymentFileEmpty:
    'هیچ ردیفی از این فایل به قالب فایل پرداخت‌های بانک (شماره پیگیری، شناسه پرداخت، مبلغ، تاریخ و ساعت، شعبه) نیست؛ چیزی ثبت نشد.',
} as const;

/** Why a line of the bank's payment file confirmed nothing. */
export const HAJJ_PAYMENT_PROBLEMS = {
  columns: `تعداد ستون‌ها باید ${fa(PAYMENT_FILE_COLUMNS)} (شماره پیگیری، شناسه پرداخت، مبلغ، تاریخ و ساعت) یا ${fa(PAYMENT_FILE_COLUMNS + 1)} (با شعبه) باشد.`,
  reference: 'شماره پیگیری بانک معتبر نیست.',
  paymentId: 'شناسه پرداخت معتبر نیست (رقم کنترل نادرست است).',
  amount: 'مبلغ باید عددی صحیح و مثبت به ریال باشد.',
  paidAt: 'تاریخ و ساعت پرداخت معتبر نیست.',
  branch: 'نام شعبه بیش از ۱۰۰ نویسه است.',
  unknownPayment: 'فیشی با این شناسه پرداخت صادر نشده است.',
  wrongAmount: 'مبلغ پرداخت با مبلغ فیش برابر نیست.',
  duplicateLine: 'این شماره پیگیری در همین فایل تکرار شده است.',
  alreadyPaid: 'این فیش پیش‌تر با شماره پیگیری دیگری پرداخت شده است.',
} as const;

export const HAJJ_REGISTRATION_MESSAGES = {
  identitySaved: 'مشخصات شناسنامه و گذرنامه ثبت شد.',
  documentSaved: 'مدرک دریافت شد و در انتظار بررسی است.',
  documentChecked: 'نتیجه بررسی مدرک ثبت شد.',
  classAdded: 'کلاس به برنامه آموزشی کاروان افزوده شد.',
  attendanceSaved: 'حضور و غیاب کلاس ثبت شد.',
  accountSaved: 'حساب بانکی فیش پرداخت اعزام ثبت شد.',
  paymentsImported: (confirmed: string, duplicates: string, problems: string, applied: string) =>
    `${confirmed} پرداخت تأیید شد؛ ${duplicates} ردیف پیش‌تر ثبت شده بود؛ ${problems} ردیف مغایرت داشت؛ ${applied} زائر به مرحله بعد رفت.`,
  paymentsSending: (applied: string, toApply: string) =>
    `${applied} از ${toApply} پرداخت تأیید شده در پرونده زائران ثبت شده است؛ ارسال با آهنگ محدود در پس‌زمینه ادامه دارد و پیشرفت آن در همین صفحه دیده می‌شود.`,
  paymentsStartLater:
    'موتور گردش کار اکنون در دسترس نیست؛ ارسال پرداخت‌ها به پرونده زائران به‌محض در دسترس شدن آن خودکار آغاز می‌شود.',
  paymentsEarlier: (n: string) => `${n} پرداخت را ورود دیگری پیش‌تر در پرونده زائر ثبت کرده بود.`,
  paymentImportStatus: { running: 'در حال ارسال', done: 'پایان یافته' },
  paymentsRefused: 'پرداخت‌هایی که پرونده زائر نپذیرفت',
  paymentNotApplied: (n: string) =>
    `${n} پرداخت تأیید شده هنوز در پرونده زائر ثبت نشد؛ با ورود دوباره همین فایل دوباره فرستاده می‌شود.`,
  cardValid: 'این کارت زائر معتبر است.',
  cardInvalid: 'این کارت زائر معتبر نیست.',
  awaitingBank:
    'پس از پرداخت فیش در بانک، پرداخت با فایل بانک در ستاد تأیید می‌شود و پرونده به مرحله بعد می‌رود.',
} as const;

/** The pilgrim's journey page (issue 18): the step indicator, what is left to pay, the last round. */
export const HAJJ_JOURNEY_PAGE = {
  stepsTitle: 'مراحل سفر',
  stepDone: 'انجام شد',
  stepCurrent: 'مرحله جاری',
  stepTodo: 'انجام نشده',
  pilgrim: 'نام زائر',
  price: 'هزینه کاروان (ریال)',
  deposit: 'ودیعه پرداخت‌شده (ریال)',
  payable: 'مبلغ قابل پرداخت (ریال)',
  paid: 'مبلغ پرداخت‌شده (ریال)',
  lastRound: 'آخرین فراخوان',
  lastRoundReach: (at: string, called: string, through: string) =>
    `فراخوان ${at} تا نوبت ${called} صف رسید (ودیعه‌های تا ${through}).`,
  noRoundYet: 'هنوز فراخوانی انجام نشده است.',
};

/** The admin's caravan page: why a caravan or an agent's caravans cannot be saved. */
export const HAJJ_ADMIN_MESSAGES = {
  code: 'کد کاروان باید ۲ تا ۲۰ نویسه از حروف لاتین، رقم یا خط تیره باشد.',
  codeTaken: 'این کد کاروان پیش‌تر ثبت شده است.',
  name: 'نام کاروان را (حداکثر ۱۰۰ نویسه) وارد کنید.',
  province: 'استان کاروان را از فهرست انتخاب کنید.',
  agentName: 'نام کارگزار را (حداکثر ۱۰۰ نویسه) وارد کنید.',
  managerName: 'نام مدیر کاروان را (حداکثر ۱۰۰ نویسه) وارد کنید.',
  managerPhone: 'شماره همراه مدیر کاروان باید ۱۱ رقم و با ۰۹ آغاز شود.',
  date: 'تاریخ‌ها را به شکل ۱۴۰۶/۰۲/۲۰ وارد کنید.',
  dateOrder: 'تاریخ پرواز باید میان آغاز و پایان اعزام باشد و آغاز پیش از پایان.',
  capacity: 'ظرفیت باید عددی از ۱ تا ۱۰٬۰۰۰ باشد.',
  belowSeatsTaken: (taken: string) => `ظرفیت نمی‌تواند کمتر از ${taken} جای رزروشده یا فروخته‌شده باشد.`,
  provinceBooked: 'استان کاروانی که جای آن رزرو شده است تغییر نمی‌کند.',
  price: 'هزینه را به ریال و فقط با رقم وارد کنید.',
  missing: 'این کاروان وجود ندارد.',
  agentCaravans: 'دست‌کم یک کاروان برای کارگزار انتخاب کنید.',
};

/** The journey kinds (domain/hajj/kinds.ts) as the pages name them: never the slug. */
export const HAJJ_KIND_LABELS = {
  'hajj-tamattu': 'حج تمتع',
  umrah: 'عمره مفرده',
} as const;

/** The kinds' form and filter copy. */
export const HAJJ_KIND_MESSAGES = {
  field: 'نوع سفر',
  all: 'همه سفرها',
  invalid: 'نوع سفر باید «حج تمتع» یا «عمره مفرده» باشد.',
  queueOf: (label: string) => `نوبت شما در صف ${label}`,
  serviceNotOffered: (service: string) =>
    `«${service}» از خدمات سفر این کاروان نیست (در عمره مفرده ایام تشریق نیست).`,
} as const;
