import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The custom search attributes of a case: what operators filter on in the Temporal UI. */
export const TrackingCode = defineSearchAttributeKey('TrackingCode', SearchAttributeType.KEYWORD);
export const NationalCodeHash = defineSearchAttributeKey('NationalCodeHash', SearchAttributeType.KEYWORD);
export const Province = defineSearchAttributeKey('Province', SearchAttributeType.KEYWORD);
export const Subject = defineSearchAttributeKey('Subject', SearchAttributeType.KEYWORD);
export const CaseStatus = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const AssignedTo = defineSearchAttributeKey('AssignedTo', SearchAttributeType.KEYWORD);
export const EscalationLevel = defineSearchAttributeKey('EscalationLevel', SearchAttributeType.INT);
export const DueAt = defineSearchAttributeKey('DueAt', SearchAttributeType.DATETIME);
/** The Hajj journey's: the caravan's code and the stage (NationalCodeHash and Province are shared). */
export const Caravan = defineSearchAttributeKey('Caravan', SearchAttributeType.KEYWORD);
export const JourneyStage = defineSearchAttributeKey('JourneyStage', SearchAttributeType.KEYWORD);
/** Set while a case or journey waits for an operator: the step that failed permanently. */
export const Incident = defineSearchAttributeKey('Incident', SearchAttributeType.KEYWORD);

export const CASE_SEARCH_ATTRIBUTES = [
  TrackingCode,
  NationalCodeHash,
  Province,
  Subject,
  CaseStatus,
  AssignedTo,
  EscalationLevel,
  DueAt,
  Caravan,
  JourneyStage,
  Incident,
];
