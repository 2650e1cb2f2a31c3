import type { RegisteredPerson } from '../domain/identity';

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

/** A registry reached over HTTP: GET {baseUrl}/{nationalCode} → 200 person JSON, 404 unknown. */
export class HttpRegistry implements CivilRegistry {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 5000,
  ) {}

  async lookup(nationalCode: string): Promise<RegisteredPerson | null> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl.replace(/\/$/, '')}/${nationalCode}`, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { accept: 'application/json' },
      });
    } catch (err) {
      throw new RegistryUnavailableError(String(err));
    }
    if (response.status === 404) return null;
    if (!response.ok) throw new RegistryUnavailableError(`HTTP ${response.status}`);
    return (await response.json()) as RegisteredPerson;
  }
}
