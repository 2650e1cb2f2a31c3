import type { Db } from '..';

const GUIDE_NOTICE =
  'هموطن گرامی با سلام و ادب خواهشمند است سازمان حج و زیارت را در راستای بهبود فرآیندها و خدمت رسانی هر چه بهتر به زائرین محترم یاری و با ثبت هرگونه انتقاد، پیشنهاد و راهکارهای مفید به همراه مستندات در این سامانه، ما را در تحقق این هدف حمایت کنید. با مراجعه به پیوند «ارسال درخواست» در فهرست خدمات همین صفحه پیغام خود را ثبت نموده و با درج شماره تلفن همراه و پست الکترونیکی، شکایت خود را با شماره رهگیری در سامانه پیگیری نمایید. کلیه انتقادات، پیشنهادات و شکایات وارده در این سامانه به صورت محرمانه تلقی گردیده و تا مرحله حصول نتیجه نزد دفتر بازرسی سازمان حج و زیارت محفوظ میباشد.';

/** What the site shows before an admin edits it: the texts of the service desk guide. */
export const DEFAULT_SETTINGS: Record<string, string> = {
  notice: GUIDE_NOTICE,
  about:
    'این سامانه به منظور ارائه خدمات به موقع، سریع و آسان به ارباب رجوع و همچنین ارتقاء رضایت مندی آنان پیاده سازی گردید تا امکان پاسخگویی و رسیدگی به درخواستهای متقاضیان آسان گردد و متقاضیان امکان پیگیری درخواستهای خود را داشته باشند.',
  confidentiality:
    'کلیه انتقادات، پیشنهادات و شکایات وارده در این سامانه به صورت محرمانه تلقی گردیده و تا مرحله حصول نتیجه نزد دفتر بازرسی سازمان حج و زیارت محفوظ میباشد.',
  portalUrl: 'https://www.haj.ir',
  newsPortalUrl: 'https://news.haj.ir',
  // The working week (getDay numbers in Tehran: Saturday 6 … Wednesday 3) and working hours.
  workingDays: '6,0,1,2,3',
  workStart: '08:00',
  workEnd: '14:00',
};

export async function seedSettings(db: Db): Promise<void> {
  await db('settings')
    .insert(Object.entries(DEFAULT_SETTINGS).map(([key, value]) => ({ key, value })))
    .onConflict('key')
    .ignore();
}
