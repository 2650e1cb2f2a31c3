/** Cases handed over at once from the escalations page, at most. */
export const BULK_MAX = 100;

/** The escalations page's hand-over: the ticked cases (at most BULK_MAX) and the chosen person. */
export function parseBulkAssign(body: Record<string, unknown> | undefined): {
  codes: string[];
  staffId: number;
} {
  const raw = body?.codes;
  const codes = (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String).slice(0, BULK_MAX);
  return { codes, staffId: Number(body?.staffId) };
}
