import type { StaffRole } from '../desk/caseStatus';
import { MAX_ATTACHMENT_BYTES, MAX_EXTENSION_DAYS, SCORE_MAX, SCORE_MIN } from '../desk/policy';
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
