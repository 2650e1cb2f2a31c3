import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../../domain/desk/caseActions';
import type { CaseStatus, Desk } from '../../domain/desk/caseStatus';

export type { Actor };

/** What the workflow knows of its case, as queries and updates return it. */
export interface CaseView {
  trackingCode: string;
  status: CaseStatus;
  province: string;
  desk: Desk;
  assignedTo: number | null;
  escalationLevel: number;
  dueAt: string | null;
  /** While the citizen is asked for information: until when they may answer. */
  infoDueAt: string | null;
  answeredBy: number | null;
  rated: boolean;
  objected: boolean;
}

/**
 * Texts (replies, questions, notes, reasons, the citizen's supplements) are stored in case_messages
 * first; updates carry only their ids, so no personal data enters the workflow's history.
 */
interface WithMessage {
  messageId: string;
}

export const claimUpdate = defineUpdate<CaseView, [{ actor: Actor }]>('claim');
export const assignUpdate = defineUpdate<CaseView, [{ actor: Actor; staffId: number }]>('assign');
export const replyUpdate = defineUpdate<CaseView, [{ actor: Actor } & WithMessage]>('reply');
export const requestInfoUpdate = defineUpdate<CaseView, [{ actor: Actor } & WithMessage]>('requestInfo');
export const noteUpdate = defineUpdate<CaseView, [{ actor: Actor } & WithMessage]>('note');
export const transferUpdate = defineUpdate<
  CaseView,
  [{ actor: Actor; province: string; desk: Desk } & WithMessage]
>('transfer');
export const extendUpdate = defineUpdate<CaseView, [{ actor: Actor; businessDays: number } & WithMessage]>(
  'extend',
);

export const supplementUpdate = defineUpdate<CaseView, [WithMessage]>('supplement');
export const rateUpdate = defineUpdate<CaseView, [{ score: number }]>('rate');
export const objectUpdate = defineUpdate<CaseView, [WithMessage]>('object');

export const caseViewQuery = defineQuery<CaseView>('caseView');

/** The holiday calendar changed: a routed case counts its running deadline again. */
export const calendarChangedSignal = defineSignal('calendarChanged');
