import type { StaffRole } from '../desk/caseStatus';

/**
 * How staff hear of their work beyond the in-app notices page, which every notice reaches: each
 * kind of notice by SMS and/or email, as the staff member chose (or their role's default).
 */
export const NOTICE_CHANNELS = ['sms', 'email'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];

/** Deadlines: reminders and escalations; work: a case or pilgrim handed to one, an objection, an answer awaited. */
export const NOTICE_KINDS = ['deadline', 'work'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** One choice: this kind of notice through this channel. */
export type NoticeChoice = `${NoticeKind}:${NoticeChannel}`;

export const NOTICE_CHOICES: readonly NoticeChoice[] = NOTICE_KINDS.flatMap((k) =>
  NOTICE_CHANNELS.map((c) => `${k}:${c}` as const),
);

export const isNoticeChoice = (v: string): v is NoticeChoice =>
  (NOTICE_CHOICES as readonly string[]).includes(v);

/**
 * What a role gets until its staff member chooses: those who answer cases (experts, caravan agents)
 * an SMS for a deadline; supervisors and the Inspection Office an email for everything; admins,
 * who receive every second-level escalation, only the notices page.
 */
export function defaultNoticeChoices(role: StaffRole): NoticeChoice[] {
  switch (role) {
    case 'expert':
    case 'agent':
      return ['deadline:sms'];
    case 'supervisor':
    case 'inspector':
      return ['deadline:email', 'work:email'];
    case 'admin':
      return [];
  }
}

/** The channels a notice of this kind goes through besides the notices page. */
export function channelsFor(
  role: StaffRole,
  chosen: readonly string[] | null,
  kind: NoticeKind,
): NoticeChannel[] {
  const choices = chosen ?? defaultNoticeChoices(role);
  return NOTICE_CHANNELS.filter((c) => choices.includes(`${kind}:${c}`));
}
