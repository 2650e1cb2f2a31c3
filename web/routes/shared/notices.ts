import { Router, type Request, type Response } from 'express';
import { audit } from '../../../db/queries/shared/audit';
import {
  listStaffNotices,
  markAllNoticesRead,
  markNoticeRead,
  noticeRecipient,
  saveNoticeChoices,
} from '../../../db/queries/shared/staffNotices';
import { STAFF_NOTICE_COPY as C } from '../../../domain/shared/copy';
import { parseBigintId } from '../../../domain/shared/numbers';
import { readNoticeChoices } from '../../forms/shared/noticeChoices';
import { presentNotice, presentNoticeChoices } from '../../presenters/staffNotices';
import { csrf } from '../../middleware/security';
import type { WebDeps } from '../../deps';
import { badAddress, notFound, type StaffGuard } from './guard';

/**
 * Each staff member's own notices: the list (newest first, unread marked, each leading to its case
 * or journey), marking one or all read, and which channels besides this page bring them.
 */
export function noticeRoutes(deps: WebDeps, guard: StaffGuard): Router {
  const router = Router();
  const post = (path: string, handler: (req: Request, res: Response) => Promise<void>) =>
    router.post(path, guard.requireStaff, csrf.csrfSynchronisedProtection, handler);

  router.get('/staff/notices', guard.requireStaff, async (req, res) => {
    const asked = typeof req.query.beforeId === 'string' ? req.query.beforeId : '';
    const beforeId = asked ? parseBigintId(asked) : undefined;
    if (beforeId === null) return badAddress(res);
    const { rows, nextBeforeId } = await listStaffNotices(deps.db, req.staff!.id, { beforeId });
    res.render('staff/notices', {
      title: C.title,
      copy: C,
      saved: req.query.read === 'all' ? C.allRead : req.query.read === '1' ? C.read : undefined,
      notices: rows.map(presentNotice),
      anyUnread: rows.some((n) => n.readAt === null),
      nextHref: nextBeforeId ? `/staff/notices?beforeId=${nextBeforeId}` : null,
    });
  });

  post('/staff/notices/read-all', async (req, res) => {
    await markAllNoticesRead(deps.db, req.staff!.id);
    res.redirect(303, '/staff/notices?read=all');
  });

  post('/staff/notices/:id/read', async (req, res) => {
    const id = parseBigintId(String(req.params.id));
    // Someone else's notice looks exactly like an absent one.
    if (id === null || !(await markNoticeRead(deps.db, req.staff!.id, id))) return notFound(res);
    res.redirect(303, '/staff/notices?read=1');
  });

  const settingsPage = async (req: Request, res: Response, errors: string[] = [], ticked?: string[]) => {
    const me = await noticeRecipient(deps.db, req.staff!.id);
    if (!me) return notFound(res);
    res.render('staff/noticeSettings', {
      title: C.settingsTitle,
      copy: C,
      saved: req.query.saved === '1' ? C.saved : undefined,
      errors,
      ...presentNoticeChoices(me, ticked),
    });
  };
  router.get('/staff/notices/settings', guard.requireStaff, (req, res) => settingsPage(req, res));
  post('/staff/notices/settings', async (req, res) => {
    const me = await noticeRecipient(deps.db, req.staff!.id);
    if (!me) return notFound(res);
    const { errors, choices } = readNoticeChoices(req.body ?? {}, me);
    if (errors.length) {
      res.status(422);
      return settingsPage(req, res, errors, choices);
    }
    await saveNoticeChoices(deps.db, me.id, choices);
    await audit(deps.db, {
      actorStaffId: me.id,
      action: 'notice-settings',
      ip: req.ip,
      details: { choices },
    });
    res.redirect(303, '/staff/notices/settings?saved=1');
  });

  return router;
}
