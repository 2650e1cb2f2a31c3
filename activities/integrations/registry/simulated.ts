import { parseNationalCode } from '../../../domain/shared/nationalCode';
import type { RegisteredPerson } from '../../../domain/shared/identity';
import { type CivilRegistry, RegistryUnavailableError } from './civilRegistry';

const MALE = ['علی', 'محمد', 'حسین', 'رضا', 'مهدی', 'حسن', 'امیر', 'سعید', 'مجید', 'احمد', 'جواد', 'کاظم'];
const FEMALE = [
  'فاطمه',
  'زهرا',
  'مریم',
  'معصومه',
  'زینب',
  'سکینه',
  'طاهره',
  'لیلا',
  'نرگس',
  'رقیه',
  'سمیه',
  'اعظم',
];
const LAST = [
  'محمدی',
  'حسینی',
  'احمدی',
  'رضایی',
  'موسوی',
  'کریمی',
  'سلطانی',
  'جعفری',
  'نوری',
  'صادقی',
  'رحیمی',
  'کاظمی',
  'قاسمی',
  'طاهری',
  'اکبری',
  'یزدانی',
];

/** FNV-1a: a stable spread of a code over the name lists; not a secret. */
function hash(code: string, salt: number): number {
  const text = `${salt}:${code}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // FNV's low bits follow the last characters closely; fold the high bits in.
  return (h ^ (h >>> 16)) >>> 0;
}

/** The one person the simulated registry holds under a checksum-valid national code. */
export function simulatedPerson(nationalCode: string): RegisteredPerson | null {
  const code = parseNationalCode(nationalCode);
  if (!code) return null;
  const gender = hash(code, 1) % 2 === 0 ? 'male' : 'female';
  const firstNames = gender === 'male' ? MALE : FEMALE;
  const year = 1300 + (hash(code, 2) % 85);
  const month = 1 + (hash(code, 3) % 12);
  const day = 1 + (hash(code, 4) % 29);
  return {
    nationalCode: code,
    firstName: firstNames[hash(code, 5) % firstNames.length],
    lastName: LAST[hash(code, 6) % LAST.length],
    gender,
    birthDate: `${year}/${String(month).padStart(2, '0')}/${String(day).padStart(2, '0')}`,
  };
}

/**
 * Stands in for ثبت احوال where there is no real one: every valid code is somebody, with the
 * latency and the share of failed calls a real registry shows.
 */
export class SimulatedRegistry implements CivilRegistry {
  constructor(
    private readonly latencyMs = 0,
    private readonly failureRate = 0,
    private readonly random: () => number = Math.random,
  ) {}

  async lookup(nationalCode: string): Promise<RegisteredPerson | null> {
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (this.random() < this.failureRate) throw new RegistryUnavailableError('simulated outage');
    return simulatedPerson(nationalCode);
  }
}
