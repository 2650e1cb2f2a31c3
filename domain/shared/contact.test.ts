import { isPlausibleEmail, parseAreaCode, parseLocalPhone, parseMobile } from './contact';

describe('contact details', () => {
  it('reads mobiles in any digits and with the country code', () => {
    expect(parseMobile('۰۹۱۲۳۴۵۶۷۸۹')).toBe('09123456789');
    expect(parseMobile('+98 912 345 6789')).toBe('09123456789');
    expect(parseMobile('00989123456789')).toBe('09123456789');
    expect(parseMobile('0812345678')).toBeNull();
    expect(parseMobile('0912345678')).toBeNull();
  });

  it('reads landlines as area code and local number', () => {
    expect(parseAreaCode('۰۲۱')).toBe('021');
    expect(parseAreaCode('21')).toBeNull();
    expect(parseLocalPhone('۲۲۳۳ ۴۴۵۵')).toBe('22334455');
    expect(parseLocalPhone('02233445')).toBeNull();
  });

  it('accepts ordinary email addresses only', () => {
    expect(isPlausibleEmail('citizen@example.ir')).toBe(true);
    expect(isPlausibleEmail('no-at-sign.ir')).toBe(false);
    expect(isPlausibleEmail('a@b')).toBe(false);
  });
});
