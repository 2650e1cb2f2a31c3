import { randomInt, randomUUID } from 'node:crypto';
import type { Db } from '../../db';
import type { StaffRole } from '../../domain/desk/caseStatus';
import { insertSubmission, type NewSubmission } from '../../db/queries/desk/cases';
import {
  nationalCodeFromSeed,
  nationalCodeHash,
  NATIONAL_CODE_SEEDS,
} from '../../domain/shared/nationalCode';
import { newTrackingCode } from '../../domain/desk/trackingCode';
import { fullName } from '../../domain/shared/identity';
import { simulatedPerson } from '../../activities/integrations/registry/simulated';

export const TEST_HASH_KEY = 'test-hash-key';

/** A citizen the simulated registry knows, made from a random seed unless one is given. */
export function newCitizen(seed = randomInt(NATIONAL_CODE_SEEDS)) {
  const person = simulatedPerson(nationalCodeFromSeed(seed))!;
  return {
    ...person,
    fullName: fullName(person),
    mobile: `0912${String(seed % 10_000_000).padStart(7, '0')}`,
  };
}

/** Stores a submission as the web would, and returns its tracking code. */
export async function submitCase(
  db: Db,
  overrides: Partial<NewSubmission> = {},
  citizen = newCitizen(),
): Promise<string> {
  const { trackingCode } = await insertSubmission(
    db,
    {
      idempotencyKey: randomUUID(),
      nationalCode: citizen.nationalCode,
      nationalCodeHash: nationalCodeHash(citizen.nationalCode, TEST_HASH_KEY),
      birthDate: citizen.birthDate,
      citizenName: citizen.fullName,
      gender: citizen.gender,
      province: 'tehran',
      email: 'citizen@example.ir',
      mobile: citizen.mobile,
      areaCode: '021',
      phone: '22334455',
      subject: 'hajj-tamattu',
      subSubject: 'caravan-booking',
      text: 'در فرم رزرو و ثبت نام در کاروان امکان ثبت نهایی وجود ندارد.',
      desk: 'province',
      confidential: false,
      attachments: [],
      ...overrides,
    },
    newTrackingCode,
  );
  return trackingCode;
}

/** A staff member with a throwaway password hash (tests that log in hash their own). */
export async function addStaff(
  db: Db,
  role: StaffRole,
  province: string | null = 'tehran',
  passwordHash = 'not-a-login',
): Promise<number> {
  const [row] = await db('staff')
    .insert({
      username: `${role}-${randomUUID().slice(0, 8)}`,
      password_hash: passwordHash,
      full_name: `${role} ${province ?? 'hq'}`,
      role,
      province,
    })
    .returning('id');
  return row.id;
}
