import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../config/paths';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/shared/searchAttributes';

/**
 * No Docker engine runs here, so the compose file is checked by reading it: services, commands and
 * the environment wiring that the code (config/index.ts) expects.
 */
type Service = {
  image?: string;
  build?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
};

const compose = parse(fs.readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, Service>;
};
const services = compose.services;
const APP = ['migrate', 'web', 'worker'];

describe('docker-compose.yml', () => {
  it('has every service of the production-like stack', () => {
    expect(Object.keys(services).sort()).toEqual(
      [
        'migrate',
        'postgres',
        'temporal',
        'temporal-search-attributes',
        'temporal-ui',
        'web',
        'worker',
      ].sort(),
    );
  });

  it('runs our image with the entry points the build produces from real sources', () => {
    const commands = {
      migrate: 'dist/db/migrate.js',
      web: 'dist/web/server.js',
      worker: 'dist/worker/main.js',
    };
    for (const [name, entry] of Object.entries(commands)) {
      expect(services[name].build).toBe('.');
      expect(services[name].command).toEqual(['node', entry]);
      const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect(fs.existsSync(path.join(PROJECT_ROOT, source))).toBe(true);
    }
    const dockerfile = fs.readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/CMD \["node", "dist\/web\/server\.js"\]/);
    expect(dockerfile).toMatch(/COPY web\/views/);
    expect(dockerfile).toMatch(/COPY web\/public/);
  });

  it('passes the production secrets from the environment, never as literal values', () => {
    for (const name of APP) {
      const env = services[name].environment!;
      expect(env.NODE_ENV).toBe('production');
      for (const secret of ['SESSION_SECRET', 'NATIONAL_CODE_HASH_KEY']) {
        expect(env[secret]).toMatch(new RegExp(`^\\$\\{${secret}:\\?`));
      }
      expect(env.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
    }
  });

  it('points the app at the postgres service with the user and database it creates', () => {
    const pg = services.postgres.environment!;
    for (const name of APP) {
      const url = new URL(services[name].environment!.DATABASE_URL.replace(/\$\{[^}]+\}/, 'secret'));
      expect(url.hostname).toBe('postgres');
      expect(url.username).toBe(pg.POSTGRES_USER);
      expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
    }
    expect(services.temporal.environment!.POSTGRES_SEEDS).toBe('postgres');
    expect(services.temporal.environment!.POSTGRES_USER).toBe(pg.POSTGRES_USER);
  });

  it('points the app and the UI at the Temporal service', () => {
    for (const name of APP) expect(services[name].environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(services['temporal-ui'].environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('registers every case search attribute with its type', () => {
    const script = ([] as string[]).concat(services['temporal-search-attributes'].command!).join(' ');
    const types: Record<string, string> = { KEYWORD: 'Keyword', INT: 'Int', DATETIME: 'Datetime' };
    for (const key of CASE_SEARCH_ATTRIBUTES) expect(script).toContain(`${key.name}=${types[key.type]}`);
  });

  it('starts web and worker only after the migration completed, and exposes only the site and the UI', () => {
    for (const name of ['web', 'worker']) {
      expect((services[name].depends_on as Record<string, { condition: string }>).migrate.condition).toBe(
        'service_completed_successfully',
      );
    }
    const exposed = Object.values(services).flatMap((s) => s.ports ?? []);
    expect(exposed.sort()).toEqual(['3000:3000', '8233:8080']);
  });

  it('.env.example names every variable the compose file requires', () => {
    const example = fs.readFileSync(path.join(PROJECT_ROOT, '.env.example'), 'utf8');
    const required = new Set(
      [
        ...fs.readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8').matchAll(/\$\{(\w+):\?/g),
      ].map((m) => m[1]),
    );
    for (const name of required) expect(example).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});
