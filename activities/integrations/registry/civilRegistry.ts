import type { RegisteredPerson } from '../../../domain/shared/identity';

/** The civil registry (ثبت احوال): who holds a national code. */
export interface CivilRegistry {
  /** The person, or null when the registry has no one under that code. Throws when unreachable. */
  lookup(nationalCode: string): Promise<RegisteredPerson | null>;
}

export class RegistryUnavailableError extends Error {
  constructor(reason: string) {
    super(`civil registry unavailable: ${reason}`);
    this.name = 'RegistryUnavailableError';
  }
}
