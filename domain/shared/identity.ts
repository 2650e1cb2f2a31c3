import type { JalaliDate } from './jalali';
import { jalaliKey } from './jalali';

/** A person as the civil registry (ثبت احوال) knows them. */
export interface RegisteredPerson {
  nationalCode: string;
  firstName: string;
  lastName: string;
  gender: 'male' | 'female';
  /** Jalali, `YYYY/MM/DD` in Latin digits. */
  birthDate: string;
}

/** The citizen is who they say: the registry's birth date is the one they gave. */
export function identityMatches(person: RegisteredPerson, birthDate: JalaliDate): boolean {
  return person.birthDate === jalaliKey(birthDate);
}

export function fullName(person: Pick<RegisteredPerson, 'firstName' | 'lastName'>): string {
  return `${person.firstName} ${person.lastName}`;
}
