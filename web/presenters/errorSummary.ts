import { ERROR_SUMMARY_TITLE, FIELD_LABELS } from '../../domain/shared/copy';

/** The element a field's error links to, where it is not the field's own id. */
const TARGETS: Record<string, string> = { identity: 'fullName', attachments: 'attachments-hint' };

export interface ErrorSummary {
  title: string;
  items: { href: string; label: string; message: string }[];
}

/**
 * A form's errors (field → message) as the summary at the top of the form shows them: each one a
 * link to its field, named by the field's label; null when there are none.
 */
export function errorSummary(
  errors: Record<string, string> | undefined,
  ids: Record<string, string> = {},
): ErrorSummary | null {
  const items = Object.entries(errors ?? {})
    .filter(([, message]) => typeof message === 'string' && message !== '')
    .map(([field, message]) => ({
      href: `#${ids[field] ?? TARGETS[field] ?? field}`,
      label: FIELD_LABELS[field] ?? '',
      message,
    }));
  return items.length > 0 ? { title: ERROR_SUMMARY_TITLE, items } : null;
}
