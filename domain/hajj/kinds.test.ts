import { TRIP_SERVICE_KINDS } from './batches';
import { HAJJ_KIND_LABELS } from './copy';
import { parsePaymentIdentifier, paymentIdentifier } from './registration';
import {
  bookingKindRefusal,
  DEFAULT_JOURNEY_KIND,
  isJourneyKind,
  JOURNEY_KINDS,
  journeyKindOf,
  tripServiceKindsFor,
} from './kinds';

describe('journey kinds', () => {
  it('knows the Hajj Tamattu and the Umrah mofradeh, each named in Persian', () => {
    expect(JOURNEY_KINDS).toEqual(['hajj-tamattu', 'umrah']);
    expect(HAJJ_KIND_LABELS).toEqual({ 'hajj-tamattu': 'حج تمتع', umrah: 'عمره مفرده' });
    expect(isJourneyKind('umrah')).toBe(true);
    for (const other of ['atabat', 'Umrah', '', null, undefined, 1]) expect(isJourneyKind(other)).toBe(false);
  });

  it('reads a journey without a kind (started before the kinds) as the Hajj Tamattu', () => {
    expect(DEFAULT_JOURNEY_KIND).toBe('hajj-tamattu');
    expect(journeyKindOf(undefined)).toBe('hajj-tamattu');
    expect(journeyKindOf(null)).toBe('hajj-tamattu');
    expect(journeyKindOf('umrah')).toBe('umrah');
    expect(journeyKindOf('atabat')).toBe('hajj-tamattu');
  });

  it('books a journey only into a caravan of its kind', () => {
    expect(bookingKindRefusal('umrah', 'umrah')).toBeNull();
    expect(bookingKindRefusal('hajj-tamattu', 'hajj-tamattu')).toBeNull();
    expect(bookingKindRefusal('umrah', 'hajj-tamattu')).toBe('caravanOtherKind');
    expect(bookingKindRefusal('hajj-tamattu', 'umrah')).toBe('caravanOtherKind');
  });

  it('gives the Umrah every trip service but the Tashriq-days transport', () => {
    expect(tripServiceKindsFor('hajj-tamattu')).toEqual(TRIP_SERVICE_KINDS);
    expect(tripServiceKindsFor('umrah')).toEqual([
      'catering',
      'logistics',
      'intra-city',
      'inter-city',
      'medical',
      'insurance',
    ]);
  });

  it('gives an Umrah dispatch payment its own kind digit, its check digit holding', () => {
    const umrah = paymentIdentifier('140000123456', 'umrah');
    expect(umrah.startsWith('2140000123456')).toBe(true);
    expect(parsePaymentIdentifier(umrah)).toBe(umrah);
    expect(paymentIdentifier('140000123456').startsWith('1140000123456')).toBe(true);
    expect(paymentIdentifier('140000123456', 'hajj-tamattu')).toBe(paymentIdentifier('140000123456'));
  });
});
