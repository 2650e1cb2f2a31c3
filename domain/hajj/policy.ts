/**
 * The Hajj journey's limits, written once (as domain/desk/policy.ts for the desk): the pages, the
 * queries and the journey's rules check them and the Persian messages (domain/hajj/copy.ts) are
 * built from them.
 */

/**
 * Business days a booked seat is held until the pilgrim confirms it at the caravan office, and
 * each later step's deadline: what the journey counts when the settings (`hajjHoldBusinessDays`,
 * `hajjStepBusinessDays`, admin-editable, seeded by migration 005 with these) hold no valid number.
 */
export const HOLD_BUSINESS_DAYS = 3;
export const STEP_BUSINESS_DAYS = 10;

/** Months a passport must stay valid after the flight. */
export const PASSPORT_MONTHS_AFTER_FLIGHT = 6;

/** The bank's deposit file may hold a million rows: up to 100 MB, kept in memory only while it is read. */
export const MAX_DEPOSIT_FILE_BYTES = 100 * 1024 * 1024;
export const MAX_DEPOSIT_FILE_MB = MAX_DEPOSIT_FILE_BYTES / (1024 * 1024);

/** A deposit file's row: national code, deposit number, bank branch, date-time, amount; a mobile may follow. */
export const DEPOSIT_FILE_COLUMNS = 5;
export const DEPOSIT_FILE_COLUMNS_WITH_MOBILE = DEPOSIT_FILE_COLUMNS + 1;

/** A deposit number's digits, as the bank issues them. */
export const DEPOSIT_NUMBER_MIN_DIGITS = 6;
export const DEPOSIT_NUMBER_MAX_DIGITS = 20;

/** The bank branch's name in a deposit file's row, at most. */
export const BANK_BRANCH_MAX_LENGTH = 100;

/** An import's rejected rows: kept in its report row (the counts cover all), and shown on the page. */
export const IMPORT_REJECTIONS_STORED = 10_000;
export const IMPORT_REJECTIONS_SHOWN = 200;

/** Pilgrims one round may call up at once. */
export const ROUND_SIZE_MAX = 1_000_000;

/** Whether `size` is a round's size: a whole number of pilgrims from one to the most a round calls. */
export function isRoundSize(size: number): boolean {
  return Number.isInteger(size) && size >= 1 && size <= ROUND_SIZE_MAX;
}

/** The final registration's files (issue 19): one photo or scan, 1 MB (a legible A4 scan at 150 dpi). */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;
export const MAX_DOCUMENT_MB = MAX_DOCUMENT_BYTES / (1024 * 1024);

/** A refused document's reason, as the agent writes it to the pilgrim, at most. */
export const MAX_REASON_LENGTH = 500;

/** The registration's free-text fields (places, topics, insurers, the account's holder), at most. */
export const MAX_TEXT_LENGTH = 200;

/** An insurance policy number's length. */
export const POLICY_NUMBER_MIN_LENGTH = 4;
export const POLICY_NUMBER_MAX_LENGTH = 30;

/** The bank's payment file of a day's dispatch payments: far smaller than the deposit file. */
export const MAX_PAYMENT_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_PAYMENT_FILE_MB = MAX_PAYMENT_FILE_BYTES / (1024 * 1024);

/** A payment file's row: reference, payment identifier, amount, date-time; a branch may follow. */
export const PAYMENT_FILE_COLUMNS = 4;

/**
 * Confirmed payments go to their journeys at most this many a second (a chunk, then a second's
 * pause), this many at a time within a chunk, so a large file does not flood the engine.
 */
export const PAYMENT_UPDATES_PER_SECOND = 20;
export const PAYMENT_UPDATES_AT_ONCE = 8;

/** A payment import's mismatched lines shown on the page (the counts cover all). */
export const PAYMENT_PROBLEMS_SHOWN = 200;

/**
 * Rows of the deposit import's chunk: one registry round, one transaction and one progress write
 * each. 20,000 keep a million rows to 50 activities (each about a second here) while a chunk cut
 * short costs little to run again.
 */
export const DEPOSIT_IMPORT_CHUNK_ROWS = 20_000;
