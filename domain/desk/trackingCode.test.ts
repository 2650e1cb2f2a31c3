import fc from 'fast-check';
import { newTrackingCode, parseTrackingCode } from './trackingCode';

describe('tracking code', () => {
  it('is ten digits, never starting with zero, and passes its own check', () => {
    for (let i = 0; i < 1000; i++) {
      const code = newTrackingCode();
      expect(code).toMatch(/^[1-9]\d{9}$/);
      expect(parseTrackingCode(code)).toBe(code);
    }
  });

  it('is not sequential: a thousand codes are distinct and spread out', () => {
    const codes = Array.from({ length: 1000 }, () => Number(newTrackingCode()));
    expect(new Set(codes).size).toBe(1000);
    const sorted = [...codes].sort((a, b) => a - b);
    const neighbours = sorted.slice(1).filter((c, i) => c - sorted[i] < 100).length;
    expect(neighbours).toBeLessThan(5);
  });

  it('catches any single wrong digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (pos, shift) => {
        const code = newTrackingCode();
        const changed = code.slice(0, pos) + ((Number(code[pos]) + shift) % 10) + code.slice(pos + 1);
        expect(parseTrackingCode(changed)).toBeNull();
      }),
    );
  });

  it('reads Persian digits and rejects malformed input', () => {
    const code = newTrackingCode();
    expect(parseTrackingCode(code.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]))).toBe(code);
    expect(parseTrackingCode('123')).toBeNull();
    expect(parseTrackingCode('0' + code.slice(1))).toBeNull();
  });
});
