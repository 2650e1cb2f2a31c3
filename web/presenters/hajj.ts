import type { CaravanListing } from '../../db/queries/hajj/bookings';
import type { Rejection } from '../../db/queries/hajj/deposits';
import type { Province } from '../../db/queries/shared/reference';
import { HAJJ_IMPORT_PROBLEMS } from '../../domain/hajj/copy';
import { amountDue, computeRefund } from '../../domain/hajj/journey';
import { toPersianDigits } from '../../domain/shared/digits';
import { jalaliOfIsoDate } from '../../domain/shared/jalali';

/** An import's rejected rows as the admin reads them: each line with its Persian reason. */
export function describeRejections(rejections: Rejection[]) {
  return rejections.map((r) => ({ ...r, reason: HAJJ_IMPORT_PROBLEMS[r.problem] }));
}

/** Rials with thousands separators, in Persian digits. */
export function formatRials(value: string | bigint): string {
  return toPersianDigits(String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '٬'));
}

export { jalaliOfIsoDate };

/** What the pilgrim confirms before booking: the caravan, its dates, its price, the deposit, the rest. */
export function bookingConfirmation(
  caravan: CaravanListing,
  depositRials: bigint,
  province: Province | undefined,
) {
  return {
    id: caravan.id,
    name: caravan.name,
    code: caravan.code,
    province: province?.name ?? '',
    agent: caravan.agentName,
    manager: caravan.managerName,
    window: `${jalaliOfIsoDate(caravan.departsFrom)} تا ${jalaliOfIsoDate(caravan.departsTo)}`,
    flightDate: jalaliOfIsoDate(caravan.flightDate),
    price: formatRials(caravan.priceRials),
    deposit: formatRials(depositRials),
    due: formatRials(amountDue(BigInt(caravan.priceRials), depositRials)),
  };
}

/** What a cancellation would settle now: everything paid, the deposit kept blocked, the refund. */
export function cancellationPreview(depositRials: string, paidRials: string) {
  const refund = computeRefund(BigInt(depositRials), paidRials === '0' ? [] : [BigInt(paidRials)]);
  return {
    paid: formatRials(refund.paidRials),
    blocked: formatRials(refund.blockedRials),
    refund: formatRials(refund.refundRials),
  };
}
