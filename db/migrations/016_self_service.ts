import type { Knex } from 'knex';

/**
 * Self-service that spares a request: the help page's questions (admin-edited, in the admin's order)
 * and the downloadable guides of the organization's process (seed 002), each a PDF the admin
 * uploads. The three guides the seed names start as titles waiting for their file; the questions
 * start with those the user guide (seed 000) answers.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('faq_entries', (t) => {
    t.increments('id');
    t.integer('position').notNullable();
    t.text('question').notNullable();
    t.text('answer').notNullable();
    t.integer('updated_by').references('staff.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('length(question) between 1 and 300 and length(answer) between 1 and 4000');
    t.index(['position']);
  });
  await knex.schema.createTable('guides', (t) => {
    t.increments('id');
    t.integer('position').notNullable();
    t.text('title').notNullable();
    // The file: null until the admin uploads it; always a PDF, checked by its bytes on upload.
    t.text('filename');
    t.binary('content');
    t.integer('size_bytes');
    t.integer('updated_by').references('staff.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check('length(title) between 1 and 200');
    t.check('(content is null) = (filename is null)');
  });
  await knex('faq_entries').insert(
    [
      [
        'چطور درخواست، شکایت یا پیشنهاد خود را ثبت کنم؟',
        'در صفحه خانه «ارسال درخواست» را بزنید، تاریخ تولد و کد ملی را وارد کنید تا نام شما از ثبت احوال خوانده شود، استان و موضوع را برگزینید، متن درخواست را بنویسید و پس از وارد کردن کد امنیتی «ثبت درخواست» را بزنید. پس از ثبت، کد پیگیری به شما نشان داده و پیامک می‌شود.',
      ],
      [
        'چرا نام و نام خانوادگی من پر نمی‌شود و نمی‌توانم درخواست را ثبت کنم؟',
        'نام و جنسیت از سامانه ثبت احوال خوانده می‌شود. اگر تاریخ تولد و کد ملی با اطلاعات ثبت احوال یکی نباشد، این فیلدها خالی می‌مانند و ثبت درخواست ممکن نیست. تاریخ تولد را مطابق شناسنامه وارد کنید.',
      ],
      [
        'چطور نتیجه درخواستم را پیگیری کنم؟',
        'در صفحه «پیگیری درخواست» کد ملی و کد پیگیری را همراه با کد امنیتی وارد کنید. نتیجه استعلام با پاسخ کارشناس نمایش داده می‌شود.',
      ],
      [
        'کد پیگیری خود را گم کرده‌ام؛ چه کنم؟',
        'در صفحه «بازیابی کد پیگیری» کد ملی و شماره تلفن همراهی را که در درخواست نوشته بودید وارد کنید تا کد پیگیری به همان شماره پیامک شود.',
      ],
      [
        'چه فایل‌هایی را می‌توانم پیوست کنم؟',
        'هر فایل حداکثر ۳۰۰ کیلوبایت و با یکی از پسوندهای jpg، jpeg، png، pdf، zip، xls یا xlsx.',
      ],
      [
        'ودیعه گذاری حج تمتع چگونه است و نوبت من چطور تعیین می‌شود؟',
        'ودیعه گذاری حج تمتع از طریق شعب بانک ملی انجام می‌شود و نوبت اعزام بر اساس تاریخ ودیعه گذاری است. نوبت خود را در صفحه «استعلام نوبت حج تمتع» با کد ملی و شماره ودیعه ببینید.',
      ],
      [
        'برای ثبت نام در کاروان چه مدارکی لازم است؟',
        'شناسنامه و کارت ملی، و گذرنامه با اعتبار حداقل ۶ ماه از تاریخ پرواز.',
      ],
      [
        'اگر پس از ثبت نام قطعی انصراف دهم، وجه من چه می‌شود؟',
        'با مراجعه به کاروان یا استان فرم انصراف را تکمیل کنید. سند ودیعه پایدار می‌شود: اصل مبلغ سند بلوکه می‌ماند و مابقی مبلغ پرداختی با ارائه رسید در شعبه بانک عودت داده می‌شود.',
      ],
    ].map(([question, answer], i) => ({ position: i + 1, question, answer })),
  );
  await knex('guides').insert(
    [
      'پیش ثبت نام و ودیعه گذاری (حج - عمره - عتبات عالیات)',
      'ثبت تقاضای تشرف در کاروانهای زیارتی (حج تمتع - عمره مفرده - عتبات عالیات)',
      'اعزام کاروانهای زیارتی (حج تمتع - عمره مفرده - عتبات عالیات)',
    ].map((title, i) => ({ position: i + 1, title })),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('guides');
  await knex.schema.dropTable('faq_entries');
}
