import type { CivilRegistry } from '../activities/integrations/registry';
import { fullName, identityMatches, type RegisteredPerson } from '../domain/shared/identity';
import type { JalaliDate } from '../domain/shared/jalali';

export type IdentityCheck =
  { status: 'match'; fullName: string; gender: string } | { status: 'mismatch' } | { status: 'unavailable' };

export const GENDER_LABELS: Record<RegisteredPerson['gender'], string> = { male: 'مرد', female: 'زن' };

/** Asks the registry whether the birth date fits the national code, for the form's name fields. */
export async function checkIdentity(
  registry: CivilRegistry,
  nationalCode: string,
  birthDate: JalaliDate,
): Promise<IdentityCheck> {
  let person: RegisteredPerson | null;
  try {
    person = await registry.lookup(nationalCode);
  } catch {
    return { status: 'unavailable' };
  }
  if (!person || !identityMatches(person, birthDate)) return { status: 'mismatch' };
  return { status: 'match', fullName: fullName(person), gender: GENDER_LABELS[person.gender] };
}

/** The registry's name for a national code, or '' when it has none or cannot answer now. */
export async function registeredName(registry: CivilRegistry, nationalCode: string): Promise<string> {
  try {
    const person = await registry.lookup(nationalCode);
    return person ? fullName(person) : '';
  } catch {
    return '';
  }
}
