import FileType from 'file-type';
import { Router, type Request, type Response } from 'express';
import { audit } from '../../../db/queries/shared/audit';
import {
  deleteFaq,
  deleteGuide,
  listFaq,
  listGuides,
  moveFaq,
  saveFaq,
  saveGuide,
} from '../../../db/queries/shared/selfService';
import type { AuditAction } from '../../../domain/shared/audit';
import { ADMIN_MESSAGES as M, SELF_SERVICE_COPY as C } from '../../../domain/shared/copy';
import { cleanFilename } from '../../../domain/shared/filenames';
import { parseIntegerId } from '../../../domain/shared/numbers';
import { csrf } from '../../middleware/security';
import { uploadForm } from '../../middleware/upload';
import type { WebDeps } from '../../deps';
import { guidesForPage } from '../../presenters/selfService';
import { notFound, type StaffGuard } from './guard';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const MAX_GUIDE_BYTES = 10 * 1024 * 1024;
const QUESTION_MAX = 300;
const ANSWER_MAX = 4000;
const TITLE_MAX = 200;

/** The help page's questions and the downloadable guides, as the admin edits them; each change audited. */
export function adminSelfServiceRoutes(deps: WebDeps, guard: StaffGuard): Router {
  const router = Router();
  const admin = guard.requireRole('admin');
  const record = (req: Request, action: AuditAction, target: string, details: Record<string, unknown> = {}) =>
    audit(deps.db, { actorStaffId: req.staff!.id, action, target, ip: req.ip, details });
  const saved = (req: Request) => (req.query.saved === '1' ? M.saved : undefined);

  const faqPage = async (
    req: Request,
    res: Response,
    errors: string[] = [],
    draft = { question: '', answer: '' },
  ) => {
    const entries = await listFaq(deps.db);
    res.render('admin/faq', {
      title: 'پرسش‌های پرتکرار',
      saved: saved(req),
      errors,
      draft,
      entries: entries.map((e, i) => ({ ...e, first: i === 0, last: i === entries.length - 1 })),
      questionMax: QUESTION_MAX,
      answerMax: ANSWER_MAX,
    });
  };
  router.get('/staff/admin/faq', ...admin, (req, res) => faqPage(req, res));
  router.post('/staff/admin/faq', ...admin, csrf.csrfSynchronisedProtection, async (req, res) => {
    const question = str(req.body.question);
    const answer = str(req.body.answer);
    const id = str(req.body.id) ? parseIntegerId(str(req.body.id)) : undefined;
    if (id === null) return notFound(res);
    if (!question || !answer || question.length > QUESTION_MAX || answer.length > ANSWER_MAX) {
      res.status(422);
      return faqPage(req, res, [C.faqText], id ? undefined : { question, answer });
    }
    if (!(await saveFaq(deps.db, { id, question, answer, staffId: req.staff!.id }))) {
      res.status(404);
      return faqPage(req, res, [C.faqMissing]);
    }
    await record(req, 'faq-save', String(id ?? 'new'), { question });
    res.redirect(303, '/staff/admin/faq?saved=1');
  });
  router.post('/staff/admin/faq/:id/:op', ...admin, csrf.csrfSynchronisedProtection, async (req, res) => {
    const id = parseIntegerId(req.params.id);
    const op = String(req.params.op);
    if (id === null) return notFound(res);
    if (op === 'delete') {
      await deleteFaq(deps.db, id);
      await record(req, 'faq-delete', String(id));
    } else if (op === 'up' || op === 'down') {
      await moveFaq(deps.db, id, op === 'up' ? -1 : 1);
      await record(req, op === 'up' ? 'faq-up' : 'faq-down', String(id));
    } else return notFound(res);
    res.redirect(303, '/staff/admin/faq?saved=1');
  });

  const guidesPage = async (req: Request, res: Response, errors: string[] = []) => {
    res.render('admin/guides', {
      title: 'راهنماهای قابل دانلود',
      saved: saved(req),
      errors,
      guides: guidesForPage(await listGuides(deps.db)),
      maxMb: MAX_GUIDE_BYTES / 1024 / 1024,
    });
  };
  const upload = uploadForm({
    field: 'file',
    maxCount: 1,
    limits: { fileSize: MAX_GUIDE_BYTES, files: 1, fields: 10, fieldSize: 2000 },
    // The admin's role is checked before the body is read: the page can be shown again.
    onProblem: (req, res, problem) =>
      guidesPage(req, res, [problem.kind === 'fileSize' ? C.guideTooLarge : C.guideFile]),
  });
  router.get('/staff/admin/guides', ...admin, (req, res) => guidesPage(req, res));
  router.post('/staff/admin/guides', ...admin, upload, csrf.csrfSynchronisedProtection, async (req, res) => {
    const title = str(req.body.title);
    const id = str(req.body.id) ? parseIntegerId(str(req.body.id)) : undefined;
    if (id === null) return notFound(res);
    const file = ((req.files as Express.Multer.File[] | undefined) ?? []).find((f) => f.size > 0);
    const errors: string[] = [];
    if (!title || title.length > TITLE_MAX) errors.push(C.guideTitle);
    // A new guide needs its file; an existing one keeps its file unless a new one is chosen.
    if (!file && !id) errors.push(C.guideFileRequired);
    if (file && (await FileType.fromBuffer(file.buffer))?.ext !== 'pdf') errors.push(C.guideFile);
    if (errors.length > 0) {
      res.status(422);
      return guidesPage(req, res, errors);
    }
    const stored = await saveGuide(deps.db, {
      id,
      title,
      file: file && { filename: cleanFilename(file.originalname), content: file.buffer },
      staffId: req.staff!.id,
    });
    if (!stored) {
      res.status(404);
      return guidesPage(req, res, [C.guideMissing]);
    }
    await record(req, 'guide-save', String(id ?? 'new'), {
      title,
      file: file ? cleanFilename(file.originalname) : null,
    });
    res.redirect(303, '/staff/admin/guides?saved=1');
  });
  router.post(
    '/staff/admin/guides/:id/delete',
    ...admin,
    csrf.csrfSynchronisedProtection,
    async (req, res) => {
      const id = parseIntegerId(req.params.id);
      if (id === null) return notFound(res);
      await deleteGuide(deps.db, id);
      await record(req, 'guide-delete', String(id));
      res.redirect(303, '/staff/admin/guides?saved=1');
    },
  );

  return router;
}
