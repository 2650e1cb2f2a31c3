import { HttpRegistry } from './http';
import { SimulatedRegistry } from './simulated';
import type { IdentityCheck } from '../../../domain/hajj/deposit';
import type { CivilRegistry } from './civilRegistry';

export * from './civilRegistry';
export { HttpRegistry } from './http';
export { SimulatedRegistry } from './simulated';

/** The registry configured: a real one over HTTP when REGISTRY_URL is set, else the simulation. */
export function registryFor(config: { url?: string; latencyMs: number; failureRate: number }): CivilRegistry {
  return config.url
    ? new HttpRegistry(config.url)
    : new SimulatedRegistry(config.latencyMs, config.failureRate);
}

/** A deposit row's check against the registry: unknown and unreachable are told apart. */
export function registryCheck(registry: CivilRegistry): IdentityCheck {
  return async (nationalCode) => {
    try {
      return (await registry.lookup(nationalCode)) ? null : 'notInRegistry';
    } catch {
      return 'registryUnavailable';
    }
  };
}
