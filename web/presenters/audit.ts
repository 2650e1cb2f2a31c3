import {
  AUDIT_COPY,
  AUDIT_DETAIL_LABELS,
  AUDIT_FALLBACK as F,
  type AuditContext,
} from '../../domain/shared/copy';
import { AUDIT_ACTIONS, isAuditAction } from '../../domain/shared/audit';
import { toPersianDigits } from '../../domain/shared/digits';

interface AuditRow {
  action: string;
  target: string | null;
  details: Record<string, unknown> | null;
}

const value = (v: unknown): string => {
  if (v === true) return F.yes;
  if (v === false) return F.no;
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.map(value).join('، ');
  if (typeof v === 'object') return toPersianDigits(JSON.stringify(v));
  return toPersianDigits(String(v));
};

/** An entry's details as «field: value» pairs, for a key the catalogue does not (yet) know. */
function describeDetails(details: Record<string, unknown>): string {
  const pairs = Object.entries(details).map(([k, v]) => `${AUDIT_DETAIL_LABELS[k] ?? k}: ${value(v)}`);
  return pairs.length ? pairs.join('؛ ') : F.noDetails;
}

/** An audit entry as the admin reads it: a Persian label and a sentence (domain/shared/copy.ts `AUDIT_COPY`). */
export function presentAuditEntry(row: AuditRow, ctx: AuditContext) {
  const details = row.details ?? {};
  const target = row.target ?? '';
  if (isAuditAction(row.action)) {
    const copy = AUDIT_COPY[row.action];
    return { label: copy.label, sentence: copy.sentence(target, details, ctx), known: true };
  }
  return {
    label: F.label(row.action),
    sentence: [target && toPersianDigits(target), describeDetails(details)].filter(Boolean).join(' — '),
    known: false,
  };
}

/** The audit page's event filter: every key by its label. */
export function auditActionOptions(selected: string) {
  return [
    { value: '', label: F.filterAll, selected: !selected },
    ...AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_COPY[a].label, selected: a === selected })),
  ];
}
