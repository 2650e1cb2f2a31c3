import {
  cardValid,
  checkIdentity,
  checkInsurance,
  checkMedicalExam,
  checkTrainingClass,
  jalaliInputToIso,
  missingForDocuments,
  parseBankPaymentLine,
  parseBirthCertificateNumber,
  parseCardToken,
  parsePassportNumber,
  parsePaymentIdentifier,
  parseSheba,
  parseVerdict,
  paymentCheckDigit,
  paymentIdentifier,
  trainingComplete,
} from './registration';
import { parseDepositLine } from './deposit';

describe('identity and passport', () => {
  const flight = '2026-08-01';

  it('reads Jalali dates in any digits into Gregorian days', () => {
    expect(jalaliInputToIso('۱۴۰۵/۰۵/۱۰')).toBe('2026-08-01');
    expect(jalaliInputToIso('1405-5-10')).toBe('2026-08-01');
    expect(jalaliInputToIso('1405/12/30')).toBeNull(); // 1405 is not a leap year
    expect(jalaliInputToIso('tomorrow')).toBeNull();
  });

  it('takes a passport number as a Latin letter and eight digits, a birth certificate number as digits', () => {
    expect(parsePassportNumber(' a۱۲۳۴۵۶۷۸ ')).toBe('A12345678');
    expect(parsePassportNumber('AB1234567')).toBeNull();
    expect(parsePassportNumber('A1234567')).toBeNull();
    expect(parseBirthCertificateNumber('۰۰۴۵')).toBe('45');
    expect(parseBirthCertificateNumber('12345678901')).toBeNull();
  });

  it('needs the passport issued by today, expiring after it and six months after the flight', () => {
    const input = {
      birthCertificateNumber: '12',
      passportNumber: 'A12345678',
      passportIssuedOn: '1400/01/01',
      // 1405/11/12 is 2027-02-01: exactly six months after the flight.
      passportExpiresOn: '1405/11/12',
    };
    expect(checkIdentity(input, '2026-05-01', flight)).toEqual({
      identity: {
        birthCertificateNumber: '12',
        passportNumber: 'A12345678',
        passportIssuedOn: '2021-03-21',
        passportExpiresOn: '2027-02-01',
      },
    });
    expect(checkIdentity({ ...input, passportExpiresOn: '1405/11/11' }, '2026-05-01', flight)).toEqual({
      problems: { passportExpiresOn: 'passportTooShort' },
    });
    expect(checkIdentity({ ...input, passportIssuedOn: '1405/03/01' }, '2026-05-01', flight)).toEqual({
      problems: { passportIssuedOn: 'passportIssuedInFuture' },
    });
    expect(
      checkIdentity(
        { ...input, passportIssuedOn: '1410/01/01', passportExpiresOn: '1409/01/01' },
        '2032-01-01',
        flight,
      ),
    ).toEqual({
      problems: {
        passportExpiresOn: 'passportExpiresBeforeIssue',
      },
    });
    expect(
      checkIdentity({ ...input, passportNumber: 'x', birthCertificateNumber: '' }, '2026-05-01', flight),
    ).toEqual({
      problems: { passportNumber: 'passportNumber', birthCertificateNumber: 'birthCertificateNumber' },
    });
  });

  it('lists what the documents step still waits for', () => {
    const identity = {
      birthCertificateNumber: '1',
      passportNumber: 'A12345678',
      passportIssuedOn: '2020-01-01',
      passportExpiresOn: '2030-01-01',
    };
    const accepted = { status: 'accepted' as const, reason: null };
    expect(
      missingForDocuments(
        {
          identity,
          documents: {
            photo: accepted,
            'national-card': accepted,
            'birth-certificate': accepted,
            passport: accepted,
          },
        },
        flight,
      ),
    ).toEqual([]);
    expect(
      missingForDocuments(
        {
          identity: { ...identity, passportExpiresOn: '2026-09-01' },
          documents: {
            photo: { status: 'refused', reason: 'تار' },
            passport: { status: 'pending', reason: null },
          },
        },
        flight,
      ),
    ).toEqual([
      { item: 'identity', state: 'tooShort' },
      { item: 'photo', state: 'refused', reason: 'تار' },
      { item: 'national-card', state: 'missing' },
      { item: 'birth-certificate', state: 'missing' },
      { item: 'passport', state: 'pending' },
    ]);
    expect(missingForDocuments({ identity: null, documents: {} }, flight)[0]).toEqual({
      item: 'identity',
      state: 'missing',
    });
  });

  it('records a refusal only with its reason', () => {
    expect(parseVerdict('accepted', 'ignored')).toEqual({ verdict: 'accepted', reason: null });
    expect(parseVerdict('refused', ' تار است ')).toEqual({ verdict: 'refused', reason: 'تار است' });
    expect(parseVerdict('refused', '  ')).toEqual({ problem: 'reason' });
    expect(parseVerdict('refused', 'x'.repeat(501))).toEqual({ problem: 'reason' });
    expect(parseVerdict('maybe', '')).toEqual({ problem: 'verdict' });
  });
});

describe('payment identifier', () => {
  it('is the kind, the deposit number and a mod-11 check digit', () => {
    // Worked by hand for 1 + 123456: 6·2 + 5·3 + 4·4 + 3·5 + 2·6 + 1·7 + 1·2 = 79; 79 mod 11 = 2; 11 − 2 = 9.
    expect(paymentCheckDigit('1123456')).toBe('9');
    expect(paymentIdentifier('123456')).toBe('11234569');
    // A remainder of 0 or 1 gives 0.
    expect(paymentCheckDigit('6')).toBe('0'); // 6·2 = 12, remainder 1
    expect(paymentCheckDigit('000000')).toBe('0');
    expect(paymentCheckDigit('11')).toBe('6'); // 1·2 + 1·3 = 5, 11 − 5
  });

  it('catches a single wrong digit and a swap of neighbours', () => {
    const id = paymentIdentifier('140012345678');
    expect(parsePaymentIdentifier(id)).toBe(id);
    expect(parsePaymentIdentifier(id.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]))).toBe(id);
    let caught = 0;
    for (let i = 0; i < id.length; i++)
      for (let d = 0; d <= 9; d++) {
        if (String(d) === id[i]) continue;
        const wrong = `${id.slice(0, i)}${d}${id.slice(i + 1)}`;
        if (parsePaymentIdentifier(wrong) === null) caught++;
      }
    // Every single-digit error is caught but those that move the remainder between 0 and 1.
    expect(caught / (id.length * 9)).toBeGreaterThan(0.85);
    const swapped = `${id.slice(0, 3)}${id[4]}${id[3]}${id.slice(5)}`;
    if (swapped !== id) expect(parsePaymentIdentifier(swapped)).toBeNull();
    expect(parsePaymentIdentifier('123')).toBeNull();
  });
});

describe('bank payment file', () => {
  const id = paymentIdentifier('140012345678');
  it('reads reference, identifier, amount, Tehran time and an optional branch', () => {
    expect(parseBankPaymentLine(`rf-778899,${id},۱٬۲۵۰٬۰۰۰٬۰۰۰,2026-03-01 09:30,شعبه مرکزی`)).toEqual({
      reference: 'RF-778899',
      paymentId: id,
      amountRials: 1_250_000_000n,
      paidAt: new Date('2026-03-01T06:00:00Z'),
      branch: 'شعبه مرکزی',
    });
    expect(parseBankPaymentLine(`RF778899,${id},1,2026-03-01T09:30:00Z`)).toMatchObject({ branch: null });
  });

  it('says what is wrong with a line', () => {
    expect(parseBankPaymentLine('a,b')).toEqual({ problem: 'columns' });
    expect(parseBankPaymentLine(`R1,${id},1,2026-03-01 09:30`)).toEqual({ problem: 'reference' });
    expect(parseBankPaymentLine(`RF778899,${id.slice(0, -1)}x,1,2026-03-01 09:30`)).toEqual({
      problem: 'paymentId',
    });
    expect(parseBankPaymentLine(`RF778899,${id},0,2026-03-01 09:30`)).toEqual({ problem: 'amount' });
    expect(parseBankPaymentLine(`RF778899,${id},1,yesterday`)).toEqual({ problem: 'paidAt' });
    expect(parseBankPaymentLine(`RF778899,${id},1,2026-03-01 09:30,${'x'.repeat(101)}`)).toEqual({
      problem: 'branch',
    });
  });

  it('shares the deposit file’s date-time rule', () => {
    const deposit = parseDepositLine('0010350829,140012345678,شعبه,2026-03-01 09:30,1');
    expect(deposit).toMatchObject({ depositedAt: new Date('2026-03-01T06:00:00Z') });
  });

  it('checks the account as an IBAN (شبا)', () => {
    expect(parseSheba('ir49 0170 0000 0000 1234 5678 90')).toBe('IR490170000000001234567890');
    expect(parseSheba('IR480170000000001234567890')).toBeNull();
    expect(parseSheba('IR4901700000000012345678')).toBeNull();
  });
});

describe('exam, insurance, training, card', () => {
  it('takes the exam’s result and a day not after today', () => {
    expect(checkMedicalExam('unfit', '1405/01/01', '2026-04-01')).toEqual({
      result: 'unfit',
      examinedOn: '2026-03-21',
    });
    expect(checkMedicalExam('fit', '1405/01/13', '2026-04-01')).toEqual({ problem: 'examDate' });
    expect(checkMedicalExam('ok', '1405/01/01', '2026-04-01')).toEqual({ problem: 'medicalResult' });
  });

  it('takes an insurer and a policy number', () => {
    expect(checkInsurance(' بیمه ایران ', 'hj-1403/۷۷')).toEqual({
      insurer: 'بیمه ایران',
      policyNumber: 'HJ-1403/77',
    });
    expect(checkInsurance('ب', 'HJ-1')).toEqual({ problem: 'insurer' });
    expect(checkInsurance('بیمه', 'a b')).toEqual({ problem: 'policyNumber' });
  });

  it('takes a class’s day, time, place and topic, and needs every class attended', () => {
    expect(
      checkTrainingClass({ heldOn: '1405/02/01', startsAt: '۱۶:۳۰', place: 'مسجد', topic: 'مناسک' }),
    ).toEqual({
      trainingClass: { heldOn: '2026-04-21', startsAt: '16:30', place: 'مسجد', topic: 'مناسک' },
    });
    expect(checkTrainingClass({ heldOn: '', startsAt: '24:00', place: 'م', topic: '' })).toEqual({
      problems: { heldOn: true, startsAt: true, place: true, topic: true },
    });
    expect(trainingComplete([], new Set())).toBe(false);
    expect(trainingComplete([1, 2], new Set([1]))).toBe(false);
    expect(trainingComplete([1, 2], new Set([2, 1, 3]))).toBe(true);
  });

  it('voids a card whose journey was cancelled or stopped', () => {
    expect(cardValid('visa-request')).toBe(true);
    expect(cardValid('dispatched')).toBe(true);
    expect(cardValid('cancelled')).toBe(false);
    expect(cardValid('unfit')).toBe(false);
    expect(cardValid('visa-refused')).toBe(false);
  });

  it('accepts only a card token of the issued shape', () => {
    expect(parseCardToken('A'.repeat(43))).toBe('A'.repeat(43));
    expect(parseCardToken('A'.repeat(42))).toBeNull();
    expect(parseCardToken('../../etc/passwd')).toBeNull();
  });
});
