import type { Rejection } from '../../db/queries/hajj/deposits';
import { HAJJ_IMPORT_PROBLEMS } from '../../domain/hajj/copy';

/** An import's rejected rows as the admin reads them: each line with its Persian reason. */
export function describeRejections(rejections: Rejection[]) {
  return rejections.map((r) => ({ ...r, reason: HAJJ_IMPORT_PROBLEMS[r.problem] }));
}
