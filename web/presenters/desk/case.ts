import type { CannedReply } from '../../../db/queries/desk/cannedReplies';
import type { caseForStaff } from '../../../db/queries/desk/staffCases';
import type { Reference } from '../../../db/queries/shared/reference';
import type { StaffMember } from '../../../db/queries/shared/staff';
import { businessDaysBetween, type CalendarSettings } from '../../../domain/shared/businessCalendar';
import { staffRefusal, type StaffAction } from '../../../domain/desk/caseActions';
import type { CaseStatus, Desk } from '../../../domain/desk/caseStatus';
import { DESK_LABELS, EVENT_LABELS, STAFF_CASE_PAGE, STATUS_LABELS } from '../../../domain/desk/copy';
import { MAX_EXTENSION_DAYS, STAFF_TEXT_MAX_LENGTH } from '../../../domain/desk/policy';
import { toPersianDigits } from '../../../domain/shared/digits';
import { cleanFilename } from '../../../domain/shared/filenames';
import { formatJalaliDateTime } from '../../../domain/shared/jalali';
import { maskNationalCode } from '../../../domain/shared/nationalCode';
import { PAGE_MESSAGES } from '../../../domain/shared/copy';
import { STAFF_ACTIONS, type Body } from '../../forms/desk/caseAction';

export type StaffCase = NonNullable<Awaited<ReturnType<typeof caseForStaff>>>;

/** An action's form sent back: which one, why not, and what was typed. */
export interface Feedback {
  action: StaffAction;
  error: string;
  values: Body;
}

/** The actions this staff member may take on the case now, by the rules the workflow applies. */
export function allowedActions(
  staff: StaffMember,
  status: CaseStatus,
  assignedTo: number | null,
): StaffAction[] {
  const facts = { status, assignedTo, rated: false, objected: false };
  const actor = { staffId: staff.id, role: staff.role };
  return STAFF_ACTIONS.filter((a) => staffRefusal(a, facts, actor) === null);
}

/** The staff's case page: the case, its files and timeline, and the forms of the actions allowed now. */
export function staffCasePage(input: {
  staff: StaffMember;
  found: StaffCase;
  ref: Reference;
  calendar: CalendarSettings;
  canned: CannedReply[];
  assignees: { id: number; fullName: string }[];
  cannedId: number;
  done: boolean;
  feedback?: Feedback;
  temporal: { namespace: string; uiUrl: string };
  now?: Date;
}) {
  const { staff, found, ref, canned, feedback } = input;
  const { kase, attachments, events, messages } = found;
  const subject = ref.subject(kase.subject);
  const bodies = new Map(messages.map((m) => [m.id, m.body]));
  const allowed = allowedActions(staff, kase.status, kase.assigned_to);
  const cannedText = canned.find((c) => c.id === input.cannedId)?.body;
  const daysLeft =
    kase.due_at && kase.status === 'routed'
      ? businessDaysBetween(input.now ?? new Date(), kase.due_at, input.calendar)
      : null;
  const valuesFor = (action: StaffAction) => (feedback?.action === action ? feedback.values : {});
  const { namespace, uiUrl } = input.temporal;
  return {
    title: STAFF_CASE_PAGE.title(toPersianDigits(kase.tracking_code)),
    kase: {
      trackingCode: kase.tracking_code,
      trackingCodeFa: toPersianDigits(kase.tracking_code),
      status: STATUS_LABELS[kase.status as CaseStatus] ?? kase.status,
      province: ref.province(kase.province)?.name,
      desk: DESK_LABELS[kase.desk as Desk],
      subject: subject?.name,
      subSubject: subject?.children.find((c) => c.slug === kase.sub_subject)?.name,
      citizenName: kase.citizen_name ?? '—',
      // Experts work the request; the full code is for those who must reach the citizen's record.
      nationalCode: toPersianDigits(
        staff.role === 'expert' ? maskNationalCode(kase.national_code) : kase.national_code,
      ),
      mobile: toPersianDigits(kase.mobile),
      email: kase.email,
      phone: kase.phone ? toPersianDigits(`${kase.area_code}-${kase.phone}`) : '',
      text: kase.text,
      createdAt: formatJalaliDateTime(kase.created_at),
      dueAt: kase.due_at ? formatJalaliDateTime(kase.due_at) : '',
      daysLeft:
        daysLeft === null
          ? ''
          : daysLeft >= 0
            ? STAFF_CASE_PAGE.daysLeft(toPersianDigits(daysLeft))
            : STAFF_CASE_PAGE.daysOverdue(toPersianDigits(-daysLeft)),
      overdue: daysLeft !== null && daysLeft < 0,
      assignee: kase.assignee_name ?? STAFF_CASE_PAGE.pool,
      escalationLevel: toPersianDigits(kase.escalation_level),
      confidential: kase.confidential,
    },
    attachments: attachments.map((a) => ({
      ...a,
      // Names stored before they were cleaned on upload are cleaned here.
      filename: cleanFilename(a.filename),
      sizeKb: toPersianDigits(Math.ceil(a.size_bytes / 1024)),
    })),
    timeline: events.map((e) => ({
      at: formatJalaliDateTime(e.at),
      text: EVENT_LABELS[e.kind] ?? e.kind,
      internal: !e.public,
      actor: e.actor_name,
      body: e.message_id ? bodies.get(e.message_id) : undefined,
    })),
    can: Object.fromEntries(allowed.map((a) => [a, true])),
    anyAction: allowed.length > 0,
    feedback,
    done: input.done ? PAGE_MESSAGES.actionDone : undefined,
    replyText: valuesFor('reply').text ?? cannedText ?? '',
    canned: canned.map((c) => ({ ...c, href: `/staff/cases/${kase.tracking_code}?canned=${c.id}#reply` })),
    assignees: input.assignees.map((a) => ({ ...a, selected: a.id === kase.assigned_to })),
    provinces: ref.provinces.map((p) => ({ slug: p.slug, name: p.name, selected: p.slug === kase.province })),
    desks: Object.entries(DESK_LABELS).map(([value, label]) => ({
      value,
      label,
      selected: value === kase.desk,
    })),
    values: Object.fromEntries(STAFF_ACTIONS.map((a) => [a, valuesFor(a)])),
    textMaxLength: STAFF_TEXT_MAX_LENGTH,
    maxExtensionDays: MAX_EXTENSION_DAYS,
    temporalUrl: `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${kase.tracking_code}`,
  };
}
