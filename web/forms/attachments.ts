import FileType from 'file-type';
import type { NewAttachment } from '../../db/queries/cases';

export const MAX_ATTACHMENT_BYTES = 300 * 1024;
export const ATTACHMENT_ROWS = 3;

/** What each allowed extension's content must look like, as file-type names it. */
const CONTENT_BY_EXTENSION: Record<string, { detected: string[]; contentType: string }> = {
  jpg: { detected: ['jpg'], contentType: 'image/jpeg' },
  jpeg: { detected: ['jpg'], contentType: 'image/jpeg' },
  png: { detected: ['png'], contentType: 'image/png' },
  pdf: { detected: ['pdf'], contentType: 'application/pdf' },
  zip: { detected: ['zip'], contentType: 'application/zip' },
  xls: { detected: ['cfb'], contentType: 'application/vnd.ms-excel' },
  xlsx: {
    detected: ['xlsx', 'zip'],
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
};

export type AttachmentProblem = 'size' | 'type' | 'count';

/**
 * Checks uploaded files by their bytes, not their names: the extension must be allowed and the
 * content must be of that kind. Returns the files ready to store, or the first problem.
 */
export async function checkAttachments(
  files: { originalname: string; buffer: Buffer; size: number }[],
  titles: string[],
): Promise<{ attachments: NewAttachment[] } | { problem: AttachmentProblem }> {
  const present = files.filter((f) => f.size > 0);
  if (present.length > ATTACHMENT_ROWS) return { problem: 'count' };
  const attachments: NewAttachment[] = [];
  for (const [i, file] of present.entries()) {
    if (file.size > MAX_ATTACHMENT_BYTES) return { problem: 'size' };
    const extension = file.originalname.toLowerCase().split('.').pop() ?? '';
    const rule = CONTENT_BY_EXTENSION[extension];
    const detected = await FileType.fromBuffer(file.buffer);
    if (!rule || !detected || !rule.detected.includes(detected.ext)) return { problem: 'type' };
    attachments.push({
      title: titles[i]?.trim().slice(0, 200) || null,
      filename: safeFilename(file.originalname),
      contentType: rule.contentType,
      content: file.buffer,
    });
  }
  return { attachments };
}

/** A filename fit for a Content-Disposition header: no paths, no control characters. */
function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  const printable = [...base].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '"').join('');
  return printable.slice(0, 150) || 'file';
}
