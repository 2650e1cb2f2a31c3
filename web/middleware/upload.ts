import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { UPLOAD_ERRORS } from '../../domain/shared/copy';

export type UploadProblemKind = keyof typeof UPLOAD_ERRORS;

/** Why a multipart body could not be read, with the status to answer and the field it concerns. */
export interface UploadProblem {
  kind: UploadProblemKind;
  status: 400 | 413;
  /** The form field the problem is in, when multer names one. */
  field?: string;
}

const BY_MULTER_CODE: Record<string, UploadProblemKind> = {
  LIMIT_FILE_SIZE: 'fileSize',
  LIMIT_FILE_COUNT: 'fileCount',
  LIMIT_FIELD_VALUE: 'fieldSize',
  LIMIT_FIELD_COUNT: 'fields',
  LIMIT_PART_COUNT: 'fields',
  LIMIT_FIELD_KEY: 'malformed',
  LIMIT_FIELD_NESTING: 'malformed',
  LIMIT_FIELD_ARRAY_INDEX: 'malformed',
  MISSING_FIELD_NAME: 'malformed',
  INVALID_FIELD_NAME: 'malformed',
  STREAM_DESTROYED: 'malformed',
};
const TOO_LARGE: UploadProblemKind[] = ['fileSize', 'fileCount', 'fieldSize', 'fields'];

/**
 * Reads multer's and busboy's errors as the client's mistakes they are. Busboy names its own only
 * by message: a body cut short ("Unexpected end of form"), a missing boundary, a broken part
 * header; a client that goes away mid-upload ends the same way.
 */
function uploadProblem(err: unknown, fileField: string): UploadProblem | null {
  if (err instanceof multer.MulterError) {
    // A file beyond the field's count is "unexpected" too; in another field it is misplaced.
    const kind =
      err.code === 'LIMIT_UNEXPECTED_FILE'
        ? err.field === fileField
          ? 'fileCount'
          : 'unexpectedFile'
        : (BY_MULTER_CODE[err.code] ?? 'malformed');
    return { kind, status: TOO_LARGE.includes(kind) ? 413 : 400, field: err.field };
  }
  const message = (err as { message?: unknown } | null)?.message;
  if (
    typeof message === 'string' &&
    /^(Unexpected end of (form|file)|Malformed (part header|content type)|Multipart: Boundary not found|Unsupported content type|Missing Content-Type|Request (aborted|closed|error))/.test(
      message,
    )
  )
    return { kind: 'malformed', status: 400 };
  return null;
}

/**
 * One upload form's multipart parser. File names are read as UTF-8 (busboy's default is Latin-1,
 * which garbles every Persian name). A body multer cannot read is not a server error: `onProblem`
 * shows the form again with what was typed so far (req.body holds the fields read before the
 * problem) and a Persian message, with a 4xx status already set. Nothing is stored.
 */
export function uploadForm(options: {
  field: string;
  maxCount: number;
  limits: multer.Options['limits'];
  /** Where files go: memory unless told (the deposit file streams into PostgreSQL). */
  storage?: multer.StorageEngine;
  onProblem: (req: Request, res: Response, problem: UploadProblem) => Promise<void>;
}): RequestHandler {
  const parse = multer({
    storage: options.storage ?? multer.memoryStorage(),
    limits: options.limits,
    defParamCharset: 'utf8',
  }).array(options.field, options.maxCount);
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const problem = uploadProblem(err, options.field);
      if (!problem) return next(err);
      req.body ??= {};
      res.status(problem.status);
      options.onProblem(req, res, problem).catch(next);
    });
  };
}
