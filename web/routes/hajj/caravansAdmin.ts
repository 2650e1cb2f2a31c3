import { Router, type Request, type Response } from 'express';
import {
  caravanCodeTaken,
  createCaravan,
  listCaravanRecords,
  updateCaravan,
} from '../../../db/queries/hajj/bookings';
import { audit } from '../../../db/queries/shared/audit';
import { loadReference } from '../../../db/queries/shared/reference';
import { HAJJ_ADMIN_MESSAGES as M } from '../../../domain/hajj/copy';
import { toPersianDigits } from '../../../domain/shared/digits';
import { ADMIN_MESSAGES } from '../../../domain/shared/copy';
import { parseIntegerId } from '../../../domain/shared/numbers';
import { readCaravanForm, type CaravanValues } from '../../forms/hajj/caravanForm';
import { readJourneyKind, readKindFilter } from '../../forms/hajj/kinds';
import { kindLabel, kindOptions } from '../../presenters/hajjKinds';
import { csrf } from '../../middleware/security';
import type { WebDeps } from '../../deps';
import type { StaffGuard } from '../shared/guard';
import { formatRials, jalaliOfIsoDate } from '../../presenters/hajj';

/**
 * Headquarters' caravans: create and edit code, name, province, agent and manager, the manager's
 * phone, dates (Jalali), capacity and price. The seats held and sold are the bookings' (a capacity
 * below them is refused, the seat count itself is never typed); every change is audited.
 */
export function caravanAdminRoutes(deps: WebDeps, guard: StaffGuard): Router {
  const router = Router();
  const admin = guard.requireRole('admin');

  const page = async (
    req: Request,
    res: Response,
    errors: string[] = [],
    values: Partial<CaravanValues> = {},
  ) => {
    const kindFilter = readKindFilter(req.query.kind);
    const [caravans, ref] = await Promise.all([
      listCaravanRecords(deps.db, kindFilter),
      loadReference(deps.db),
    ]);
    res.render('admin/caravans', {
      title: 'کاروان‌ها',
      saved: req.query.saved === '1' ? ADMIN_MESSAGES.saved : undefined,
      errors,
      values,
      provinces: ref.provinces.map((p) => ({ ...p, selected: p.slug === values.province })),
      kinds: kindOptions(String(req.body?.kind ?? '')),
      kindFilters: kindOptions(kindFilter),
      caravans: caravans.map((c) => ({
        ...c,
        kindName: kindLabel(c.kind),
        provinceName: ref.province(c.province)?.name ?? c.province,
        seats: `${toPersianDigits(c.seatsTaken)} / ${toPersianDigits(c.capacity)}`,
        priceFa: formatRials(c.priceRials),
        provinces: ref.provinces.map((p) => ({ ...p, selected: p.slug === c.province })),
        form: {
          capacity: toPersianDigits(c.capacity),
          price: toPersianDigits(c.priceRials),
          departsFrom: jalaliOfIsoDate(c.departsFrom),
          departsTo: jalaliOfIsoDate(c.departsTo),
          flightDate: jalaliOfIsoDate(c.flightDate),
          managerPhone: c.managerPhone ? toPersianDigits(c.managerPhone) : '',
        },
      })),
    });
  };
  const provinces = async () => new Set((await loadReference(deps.db)).provinces.map((p) => p.slug));

  router.get('/staff/admin/caravans', ...admin, (req, res) => page(req, res));

  router.post('/staff/admin/caravans', ...admin, csrf.csrfSynchronisedProtection, async (req, res) => {
    const { values, errors, terms } = readCaravanForm(req.body, await provinces());
    if (terms && (await caravanCodeTaken(deps.db, terms.code))) errors.push(M.codeTaken);
    const kind = readJourneyKind(req.body?.kind);
    if ('error' in kind) errors.push(kind.error);
    if (!terms || errors.length || 'error' in kind) {
      res.status(422);
      return page(req, res, errors, values);
    }
    const id = await createCaravan(deps.db, { ...terms, agentStaffId: null, kind: kind.kind });
    await audit(deps.db, {
      actorStaffId: req.staff!.id,
      action: 'hajj-caravan-created',
      target: String(id),
      ip: req.ip,
      details: { code: terms.code, province: terms.province, capacity: terms.capacity, kind: kind.kind },
    });
    res.redirect(303, '/staff/admin/caravans?saved=1');
  });

  router.post('/staff/admin/caravans/:id', ...admin, csrf.csrfSynchronisedProtection, async (req, res) => {
    const id = parseIntegerId(req.params.id);
    const { errors, terms } = readCaravanForm(req.body, await provinces());
    if (id !== null && terms && (await caravanCodeTaken(deps.db, terms.code, id))) errors.push(M.codeTaken);
    if (!terms || errors.length) {
      res.status(422);
      return page(req, res, errors);
    }
    const outcome = id === null ? 'missing' : await updateCaravan(deps.db, id, terms);
    if (outcome !== 'updated') {
      const taken = (await listCaravanRecords(deps.db)).find((c) => c.id === id)?.seatsTaken ?? 0;
      res.status(outcome === 'missing' ? 404 : 422);
      return page(req, res, [
        outcome === 'missing'
          ? M.missing
          : outcome === 'belowSeatsTaken'
            ? M.belowSeatsTaken(toPersianDigits(taken))
            : M.provinceBooked,
      ]);
    }
    await audit(deps.db, {
      actorStaffId: req.staff!.id,
      action: 'hajj-caravan-updated',
      target: String(id),
      ip: req.ip,
      details: { code: terms.code, province: terms.province, capacity: terms.capacity },
    });
    res.redirect(303, '/staff/admin/caravans?saved=1');
  });

  return router;
}
