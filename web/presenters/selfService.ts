import type { Guide } from '../../db/queries/shared/selfService';
import { toPersianDigits } from '../../domain/shared/digits';
import { cleanFilename } from '../../domain/shared/filenames';
import { formatJalaliDateTime } from '../../domain/shared/jalali';

/** The guides as the pages list them: those with a file link to it, with its size. */
export function guidesForPage(guides: Guide[]) {
  return guides.map((g) => ({
    id: g.id,
    title: g.title,
    hasFile: g.filename !== null,
    href: `/guides/${g.id}`,
    sizeKb: g.sizeBytes ? toPersianDigits(Math.ceil(g.sizeBytes / 1024)) : '',
    filename: g.filename ?? '',
    updatedAt: formatJalaliDateTime(new Date(g.updatedAt)),
  }));
}

/** A guide's download name: its title, cleaned, ending in .pdf whatever the uploaded name was. */
export function guideDownloadName(guide: { title: string }): string {
  const base = cleanFilename(guide.title)
    .replace(/[<>:*?|]/g, '')
    .replace(/\.pdf$/i, '');
  return `${base || 'guide'}.pdf`;
}
