import {
  addMonths,
  amountDue,
  computeRefund,
  JOURNEY_STAGES,
  journeyWorkflowId,
  parseRials,
  passportValidFor,
  REGISTRATION_STEPS,
  stageAfter,
  awaitedStep,
  journeyRefusal,
  type JourneyStage,
} from './journey';
import { parseDepositLine } from './deposit';
import { nationalCodeFromSeed } from '../shared/nationalCode';

describe('journey stages', () => {
  it('follow the guide: booking, the registration steps at the caravan, then dispatch', () => {
    expect(REGISTRATION_STEPS).toEqual(['documents', 'payment', 'medical', 'insurance', 'training', 'card']);
    expect(JOURNEY_STAGES).toEqual([
      'called',
      'booking',
      'held',
      'payment',
      'medical',
      'insurance',
      'training',
      'card',
      'visa-request',
      'visa',
      'ticket',
      'dispatch',
      'dispatched',
      'unfit',
      'visa-refused',
      'cancelled',
    ]);
  });

  it('wait for each step in turn, from the held seat to dispatched', () => {
    const walked: string[] = ['held'];
    for (let stage: JourneyStage = 'held'; awaitedStep(stage);) {
      stage = stageAfter(awaitedStep(stage)!);
      walked.push(stage);
    }
    expect(walked).toEqual([
      'held',
      'payment',
      'medical',
      'insurance',
      'training',
      'card',
      'visa-request',
      'visa',
      'ticket',
      'dispatch',
      'dispatched',
    ]);
    expect(awaitedStep('booking')).toBeNull();
  });

  it('take their workflow ID from the deposit number', () => {
    expect(journeyWorkflowId('1402000001')).toBe('hajj-1402000001');
  });
});

describe('who records what', () => {
  const agent = { staffId: 7, role: 'agent', province: 'tehran' };
  const otherAgent = { staffId: 8, role: 'agent', province: 'tehran' };
  const province = { staffId: 9, role: 'supervisor', province: 'tehran' };
  const otherProvince = { staffId: 10, role: 'supervisor', province: 'yazd' };
  const hq = { staffId: 11, role: 'admin', province: null };
  const at = (stage: JourneyStage) => ({ stage, caravanProvince: 'tehran', caravanAgent: 7 });

  it('gives the registration steps to the caravan’s agent, the payment, visas and tickets to headquarters', () => {
    expect(journeyRefusal('documents', at('held'), agent)).toBeNull();
    expect(journeyRefusal('documents', at('held'), otherAgent)).toBe('notYourCaravan');
    expect(journeyRefusal('documents', at('held'), hq)).toBe('roleNotAllowed');
    expect(journeyRefusal('payment', at('held'), agent)).toBe('wrongStage');
    // The payment is the bank's file's, which headquarters imports; the caravan office types none.
    expect(journeyRefusal('payment', at('payment'), hq)).toBeNull();
    expect(journeyRefusal('payment', at('payment'), agent)).toBe('roleNotAllowed');
    expect(journeyRefusal('visa', at('visa'), hq)).toBeNull();
    expect(journeyRefusal('visa', at('visa'), agent)).toBe('roleNotAllowed');
    expect(journeyRefusal('dispatch', at('dispatch'), province)).toBeNull();
    expect(journeyRefusal('dispatch', at('dispatch'), otherProvince)).toBe('notYourProvince');
  });

  it('lets the agent cancel until the visa request, and the province after it', () => {
    expect(journeyRefusal('cancel', at('held'), agent)).toBe('notCancellable');
    expect(journeyRefusal('cancel', at('payment'), agent)).toBeNull();
    expect(journeyRefusal('cancel', at('visa-request'), agent)).toBeNull();
    expect(journeyRefusal('cancel', at('visa-request'), province)).toBe('cancelByAgent');
    expect(journeyRefusal('cancel', at('visa'), agent)).toBe('cancelByProvince');
    expect(journeyRefusal('cancel', at('visa'), province)).toBeNull();
    expect(journeyRefusal('cancel', at('ticket'), otherProvince)).toBe('notYourProvince');
    expect(journeyRefusal('cancel', at('dispatched'), province)).toBe('notCancellable');
  });
});

describe('passport validity', () => {
  it('needs at least six months after the flight date, the day itself included', () => {
    expect(passportValidFor('2027-01-10', '2026-07-10')).toBe(true);
    expect(passportValidFor('2027-01-09', '2026-07-10')).toBe(false);
    expect(passportValidFor('2030-01-01', '2026-07-10')).toBe(true);
  });

  it('clamps to the end of shorter months and refuses what is not a date', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
    expect(passportValidFor('2027-02-28', '2026-08-31')).toBe(true);
    expect(passportValidFor('2027-02-27', '2026-08-31')).toBe(false);
    expect(passportValidFor('2027-02-30', '2026-08-31')).toBe(false);
    expect(passportValidFor('soon', '2026-08-31')).toBe(false);
  });
});

describe('refund on cancellation', () => {
  it('blocks the deposit principal and refunds the rest, in exact integer rials', () => {
    expect(computeRefund(250_000_000n, [1_234_567_891n, 9n])).toEqual({
      paidRials: 1_484_567_900n,
      blockedRials: 250_000_000n,
      refundRials: 1_234_567_900n,
    });
    expect(computeRefund(250_000_000n, [])).toEqual({
      paidRials: 250_000_000n,
      blockedRials: 250_000_000n,
      refundRials: 0n,
    });
  });

  it('stays exact beyond the range of floating point', () => {
    const big = 9_007_199_254_740_993n;
    expect(computeRefund(1n, [big]).refundRials).toBe(big);
    expect(() => computeRefund(-1n, [])).toThrow(RangeError);
  });

  it('charges what the caravan costs beyond the deposit', () => {
    expect(amountDue(1_500_000_000n, 250_000_000n)).toBe(1_250_000_000n);
    expect(amountDue(100n, 250n)).toBe(0n);
  });

  it('reads amounts in any digits, with separators, and nothing else', () => {
    expect(parseRials('۲۵۰٬۰۰۰٬۰۰۰')).toBe(250_000_000n);
    expect(parseRials('1,000')).toBe(1000n);
    expect(parseRials('12.5')).toBeNull();
    expect(parseRials('-3')).toBeNull();
  });

  it('refuses an amount no bigint column holds', () => {
    expect(parseRials('9223372036854775807')).toBe(9_223_372_036_854_775_807n);
    expect(parseRials('9223372036854775808')).toBeNull();
    expect(parseRials('9999999999999999999')).toBeNull();
  });
});

describe('deposit file rows', () => {
  const code = nationalCodeFromSeed(42);
  it('reads a valid row, Tehran time unless an offset is given', () => {
    const row = parseDepositLine(`${code},1402000001,شعبه مرکزی,2019-03-02 10:15,250000000`);
    expect(row).toEqual({
      nationalCode: code,
      depositNumber: '1402000001',
      bankBranch: 'شعبه مرکزی',
      depositedAt: new Date('2019-03-02T06:45:00Z'),
      amountRials: 250_000_000n,
      mobile: null,
    });
    expect(parseDepositLine(`${code},1402000001,x,2019-03-02T10:15:00Z,1,09121234567`)).toMatchObject({
      depositedAt: new Date('2019-03-02T10:15:00Z'),
      mobile: '09121234567',
    });
  });

  it('names the problem of a bad row', () => {
    expect(parseDepositLine('1,2,3')).toEqual({ problem: 'columns' });
    expect(parseDepositLine(`1234567890,1402000001,x,2019-03-02 10:15,1`)).toEqual({
      problem: 'nationalCode',
    });
    expect(parseDepositLine(`${code},12,x,2019-03-02 10:15,1`)).toEqual({ problem: 'depositNumber' });
    expect(parseDepositLine(`${code},1402000001,,2019-03-02 10:15,1`)).toEqual({ problem: 'bankBranch' });
    expect(parseDepositLine(`${code},1402000001,x,yesterday,1`)).toEqual({ problem: 'depositedAt' });
    expect(parseDepositLine(`${code},1402000001,x,2019-03-02 10:15,0`)).toEqual({ problem: 'amount' });
    expect(parseDepositLine(`${code},1402000001,x,2019-03-02 10:15,1.5`)).toEqual({ problem: 'amount' });
    expect(parseDepositLine(`${code},1402000001,x,2019-03-02 10:15,1,12`)).toEqual({ problem: 'mobile' });
  });
});
