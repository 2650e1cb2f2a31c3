import type { Db } from '../../db';
import type { TrackedCase } from '../../db/queries/desk/cases';
import { loadCalendarSettings } from '../../db/queries/shared/calendar';
import { caseTimings } from '../../db/queries/shared/settings';
import { SCORE_MAX, SCORE_MIN } from '../../domain/desk/policy';
import { CONVERSATION_LABELS } from '../../domain/desk/copy';
import { addBusinessDays } from '../../domain/shared/businessCalendar';
import { SELF_SERVICE_COPY } from '../../domain/shared/copy';
import { toPersianDigits } from '../../domain/shared/digits';
import { formatJalaliDateTime } from '../../domain/shared/jalali';

/** The deadline `days` business days after `from`, on the calendar as admins have it now. */
export async function businessDeadline(db: Db, from: Date, days: number): Promise<Date> {
  return addBusinessDays(from, days, await loadCalendarSettings(db, from));
}

/** When the latest event of this kind happened, if it did. */
function lastEvent(found: TrackedCase, kind: string): Date | undefined {
  return found.timeline.filter((e) => e.kind === kind).at(-1)?.at;
}

/**
 * The deadlines the citizen is waiting on: for answering the expert's question (the workflow counts
 * the settings' info days from the question) and for objecting to the answer (the feedback days
 * from the answer), computed as the workflow does on the business calendar.
 */
export async function trackDeadlines(
  db: Db,
  found: TrackedCase,
): Promise<{ infoDueAt?: string; objectionDueAt?: string }> {
  const timings = await caseTimings(db);
  const asked = found.status === 'info-requested' ? lastEvent(found, 'info-requested') : undefined;
  const answered =
    found.status === 'answered' && !found.objected
      ? (lastEvent(found, 'answered') ?? found.answeredAt)
      : undefined;
  const [info, objection] = await Promise.all([
    asked && businessDeadline(db, new Date(asked), timings.infoBusinessDays),
    answered && businessDeadline(db, new Date(answered), timings.feedbackBusinessDays),
  ]);
  return {
    ...(info && { infoDueAt: formatJalaliDateTime(info) }),
    ...(objection && { objectionDueAt: formatJalaliDateTime(objection) }),
  };
}

/** The conversation as the card shows it: who, when, what. */
export function conversationForPage(found: TrackedCase) {
  return found.conversation.map((m) => ({
    kind: m.kind,
    label: CONVERSATION_LABELS[m.kind],
    author: m.kind === 'reply' || m.kind === 'info-request' ? (m.author ?? '') : '',
    at: formatJalaliDateTime(new Date(m.at)),
    body: m.body,
  }));
}

/** The rating's five stars, best first, each with its word (an accessible radio group). */
export function scoreOptions() {
  const options = [];
  for (let n = SCORE_MAX; n >= SCORE_MIN; n--) {
    const word = SELF_SERVICE_COPY.scoreWords[n - 1];
    options.push({
      value: n,
      stars: '★'.repeat(n),
      word,
      label: SELF_SERVICE_COPY.scoreLabel(toPersianDigits(n), word),
    });
  }
  return options;
}
