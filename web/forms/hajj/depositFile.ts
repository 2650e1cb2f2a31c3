import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import type { Db } from '../../../db';
import {
  DepositFileRefused,
  dropStagedImport,
  stageDepositFile,
  type DepositFileProblem,
} from '../../../db/queries/hajj/depositImports';
import { cleanFilename } from '../../../domain/shared/filenames';
import { csrf } from '../../middleware/security';

/** What the upload made of the deposit file: staged as an import, or refused whole, and why. */
export type StagedDepositFile = { importId: number; rows: number } | { problem: DepositFileProblem | 'csrf' };

/**
 * A multer storage engine that streams the deposit file into PostgreSQL's staging table as it
 * arrives (db/queries/hajj/depositImports.ts): a million rows never sit in the web's memory, and
 * any web replica's upload is there for the workers. The form sends its CSRF token before the file,
 * so a request without a valid one stores nothing (the route's CSRF check then refuses it).
 */
export function depositFileStorage(db: Db): StorageEngine {
  return {
    _handleFile(req: Request, file, cb) {
      const answer = (staged: StagedDepositFile) => cb(null, { staged } as Partial<Express.Multer.File>);
      if (!csrf.isRequestValid(req)) {
        file.stream.resume();
        return answer({ problem: 'csrf' });
      }
      stageDepositFile(
        db,
        { filename: cleanFilename(file.originalname), staffId: req.staff?.id ?? null },
        file.stream,
      ).then(answer, (err: unknown) => {
        file.stream.resume();
        if (err instanceof DepositFileRefused) return answer({ problem: err.problem });
        cb(err as Error);
      });
    },
    _removeFile(_req, file, cb) {
      // A file staged while the request failed for another reason (a second file, a field too long).
      const staged = (file as { staged?: StagedDepositFile }).staged;
      if (!staged || !('importId' in staged)) return cb(null);
      dropStagedImport(db, staged.importId).then(
        () => cb(null),
        (err: Error) => cb(err),
      );
    },
  };
}

/** The staged file of a request that went through multer with `depositFileStorage`. */
export function stagedDepositFile(req: Request): StagedDepositFile | null {
  const file = (req.files as (Express.Multer.File & { staged?: StagedDepositFile })[] | undefined)?.[0];
  return file?.staged ?? null;
}
