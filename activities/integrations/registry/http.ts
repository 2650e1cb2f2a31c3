import type { RegisteredPerson } from '../../../domain/shared/identity';
import { type CivilRegistry, RegistryUnavailableError } from './civilRegistry';

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
