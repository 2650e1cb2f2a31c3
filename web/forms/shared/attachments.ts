import FileType from 'file-type';
import type { NewAttachment } from '../../../db/queries/desk/cases';
import { cleanFilename } from '../../../domain/shared/filenames';
import { MAX_ATTACHMENT_BYTES } from '../../../domain/desk/policy';
import { FIELD_ERRORS } from '../../../domain/shared/copy';

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

/**
 * A file's clean name and content type when its extension is one of `allowed` and its bytes are of
 * that kind (as file-type reads them), else null: the desk's attachments and the Hajj's documents.
 */
export async function sniffFile(
  file: { originalname: string; buffer: Buffer },
  allowed: readonly string[],
): Promise<{ filename: string; contentType: string } | null> {
  const filename = cleanFilename(file.originalname);
  const extension = filename.toLowerCase().split('.').pop() ?? '';
  const rule = allowed.includes(extension) ? CONTENT_BY_EXTENSION[extension] : undefined;
  const detected = await FileType.fromBuffer(file.buffer);
  if (!rule || !detected || !rule.detected.includes(detected.ext)) return null;
  return { filename, contentType: rule.contentType };
}

export type AttachmentProblem = 'size' | 'type' | 'count';

/** What the attachments table says when the parser itself refused the files. */
export const UPLOAD_ATTACHMENT_ERRORS = {
  fileSize: FIELD_ERRORS.attachmentSize,
  fileCount: FIELD_ERRORS.attachmentCount,
};

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
    const sniffed = await sniffFile(file, Object.keys(CONTENT_BY_EXTENSION));
    if (!sniffed) return { problem: 'type' };
    attachments.push({
      title: titles[i]?.trim().slice(0, 200) || null,
      ...sniffed,
      content: file.buffer,
    });
  }
  return { attachments };
}
