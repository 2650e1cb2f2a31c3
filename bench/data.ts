import provincesFile from '../db/seeds/provinces.json';
import subjectsFile from '../db/seeds/subjects.json';

/**
 * Population of each province in thousands (2016 census, rounded): requests come from people, so
 * the generator draws a case's province with these weights.
 */
export const PROVINCE_POPULATION: Record<string, number> = {
  tehran: 13267,
  'razavi-khorasan': 6434,
  isfahan: 5120,
  fars: 4851,
  khuzestan: 4710,
  'east-azerbaijan': 3909,
  mazandaran: 3283,
  'west-azerbaijan': 3265,
  kerman: 3164,
  'sistan-baluchestan': 2775,
  alborz: 2712,
  gilan: 2530,
  kermanshah: 1952,
  golestan: 1868,
  hormozgan: 1776,
  lorestan: 1760,
  hamadan: 1738,
  kurdistan: 1603,
  markazi: 1429,
  qom: 1292,
  qazvin: 1273,
  ardabil: 1270,
  bushehr: 1163,
  yazd: 1138,
  zanjan: 1057,
  'chaharmahal-bakhtiari': 947,
  'north-khorasan': 863,
  'south-khorasan': 768,
  'kohgiluyeh-boyer-ahmad': 713,
  semnan: 702,
  ilam: 580,
};

/** Share of requests per main subject in a busy year: most are about Hajj Tamattu. */
const SUBJECT_WEIGHT: Record<string, number> = {
  'hajj-tamattu': 45,
  umrah: 20,
  atabat: 18,
  complaints: 9,
  other: 8,
};

export interface Weighted<T> {
  values: T[];
  cumulative: number[];
}

export function weighted<T>(entries: [T, number][]): Weighted<T> {
  let sum = 0;
  const cumulative = entries.map(([, w]) => (sum += w) / 1);
  return { values: entries.map(([v]) => v), cumulative: cumulative.map((c) => c / sum) };
}

export function pick<T>(w: Weighted<T>, r: number): T {
  let lo = 0;
  let hi = w.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r < w.cumulative[mid]) hi = mid;
    else lo = mid + 1;
  }
  return w.values[lo];
}

export interface ProvinceInfo {
  slug: string;
  areaCode: string;
}
export interface SubjectInfo {
  slug: string;
  desk: 'province' | 'inspection';
  slaDays: number;
  children: string[];
}

export const PROVINCES: ProvinceInfo[] = provincesFile.provinces.map((p) => ({
  slug: p.slug,
  areaCode: p.area_code,
}));
export const SUBJECTS: SubjectInfo[] = subjectsFile.subjects.map((s) => ({
  slug: s.slug,
  desk: s.desk as SubjectInfo['desk'],
  slaDays: s.sla_business_days,
  children: s.children.map((c) => c.slug),
}));

export const provinceWeights = weighted(PROVINCES.map((p) => [p, PROVINCE_POPULATION[p.slug] ?? 500]));
export const subjectWeights = weighted(SUBJECTS.map((s) => [s, SUBJECT_WEIGHT[s.slug] ?? 5]));

export const REQUEST_TEXTS = [
  'در فرم رزرو و ثبت نام در کاروان امکان ثبت نهایی وجود ندارد.',
  'مبلغ ودیعه از حساب کسر شده ولی در سامانه ثبت نشده است.',
  'نوبت اعزام اینجانب در فهرست امسال دیده نمی‌شود؛ لطفاً بررسی فرمایید.',
  'درخواست انصراف و استرداد وجه را ثبت کرده‌ام ولی هنوز وجهی واریز نشده است.',
  'زمان کلاس‌های آموزشی کاروان اعلام نشده است.',
  'نتیجه معاینه پزشکی در سامانه درج نشده و ثبت نام قطعی نمی‌شود.',
  'گذرنامه تمدید شده را چگونه جایگزین کنم؟',
  'کارت زائر هنوز صادر نشده و تاریخ پرواز نزدیک است.',
  'مدیر کاروان به تماس‌ها پاسخ نمی‌دهد.',
  'کیفیت غذا و محل اسکان با آنچه اعلام شده بود تفاوت داشت.',
  'پیشنهاد می‌کنم زمان‌بندی ثبت نام عمره زودتر اعلام شود.',
  'در پرداخت فیش اعزام خطای درگاه بانکی رخ داد و مبلغ برگشت نخورد.',
];

export const REPLY_TEXTS = [
  'با سلام، موضوع بررسی شد و ثبت نهایی از فردا در دفتر کاروان ممکن است.',
  'مبلغ پس از تطبیق با گزارش بانک ظرف هفت روز کاری واریز می‌شود.',
  'نوبت شما در سامانه ثبت است؛ فهرست سال آینده در سامانه اعلام خواهد شد.',
  'با مدیر کاروان تماس گرفته شد و ایشان با شما تماس خواهند گرفت.',
  'از پیشنهاد شما سپاسگزاریم؛ به واحد مربوط ارسال شد.',
];

export const QUESTION_TEXT = 'لطفاً تصویر فیش واریزی و صفحه اول گذرنامه را ارسال فرمایید.';
