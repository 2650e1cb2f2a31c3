import { parseBigintId, parseIntegerId, parseWholeNumber, PG_INTEGER_MAX } from './numbers';

describe('numbers from URLs and forms', () => {
  it('reads plain digits, Latin or Persian', () => {
    expect(parseIntegerId('42')).toBe(42);
    expect(parseIntegerId('۴۲')).toBe(42);
    expect(parseWholeNumber(' 7 ', 0, 10)).toBe(7);
  });

  it('refuses what is not plain digits', () => {
    for (const input of [
      '1e20',
      '1e400',
      '-1',
      '1.5',
      '0x10',
      '',
      ' ',
      'abc',
      '+3',
      'Infinity',
      undefined,
      null,
      {},
    ])
      expect(parseIntegerId(input)).toBeNull();
  });

  it('keeps an integer column’s id within int4', () => {
    expect(parseIntegerId(String(PG_INTEGER_MAX))).toBe(PG_INTEGER_MAX);
    expect(parseIntegerId(String(PG_INTEGER_MAX + 1))).toBeNull();
    expect(parseIntegerId('99999999999')).toBeNull();
    expect(parseIntegerId('0')).toBeNull();
  });

  it('keeps a bigint column’s id within safe integers', () => {
    expect(parseBigintId('99999999999')).toBe(99_999_999_999);
    expect(parseBigintId('99999999999999999999')).toBeNull();
    expect(parseBigintId(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseBigintId(String(Number.MAX_SAFE_INTEGER + 1))).toBeNull();
  });

  it('bounds a number by the range asked for', () => {
    expect(parseWholeNumber('99999999999', 1, 3177)).toBeNull();
    expect(parseWholeNumber('1405', 1, 3177)).toBe(1405);
  });
});
