import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../config/paths';
import {
  NAMESPACE_RETENTION_HOURS,
  TEMPORAL_DYNAMIC_CONFIG,
  temporalSchemaSteps,
  temporalServerConfig,
  type TemporalServerPorts,
} from '../../stack/temporalServer';
import { TEMPORAL_SERVER_PIN } from '../../stack/temporalServerPin';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/shared/searchAttributes';

/**
 * No Docker engine runs here, so the compose file is checked by reading it: services, commands and
 * the environment wiring that the code (config/index.ts) expects.
 */
type Service = {
  image?: string;
  build?: string;
  command?: string[] | string;
  entrypoint?: string[];
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
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
        'temporal-namespace',
        'temporal-schema',
        'temporal-ui',
        'web',
        'worker',
      ].sort(),
    );
  });

  it("runs Temporal's supported images at the versions the cluster test runs (stack/temporalServerPin.ts)", () => {
    const server = TEMPORAL_SERVER_PIN.server.replace(/^v/, '');
    expect(services.temporal.image).toBe(`temporalio/server:${server}`);
    expect(services['temporal-schema'].image).toBe(`temporalio/admin-tools:${server}`);
    expect(services['temporal-namespace'].image).toBe(`temporalio/admin-tools:${server}`);
    expect(services['temporal-ui'].image).toBe(
      `temporalio/ui:${TEMPORAL_SERVER_PIN.uiServer.replace(/^v/, '')}`,
    );
    expect(Object.values(services).map((s) => s.image)).not.toContainEqual(
      expect.stringMatching(/auto-setup/),
    );
  });

  it("sets up Temporal's schema with the schema tool lines the cluster runs", () => {
    const pg = services.postgres.environment!;
    const schema = services['temporal-schema'];
    expect(schema.entrypoint).toEqual(['/bin/sh', '-c']);
    expect(schema.environment!.SQL_PASSWORD).toBe('${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}');
    const steps = temporalSchemaSteps(
      { host: 'postgres', port: 5432, user: String(pg.POSTGRES_USER) },
      '/etc/temporal/schema/postgresql/v12',
    );
    const tool = (args: string[]) => `temporal-sql-tool ${args.join(' ')}`;
    const script = ([] as string[]).concat(schema.command!).join('\n').trim().split('\n');
    expect(script).toEqual([
      'set -e',
      ...steps.flatMap((s) => [
        `${tool(s.create)} || echo '${s.database}: exists'`,
        tool(s.setup),
        tool(s.update),
      ]),
    ]);
    expect(
      (services.temporal.depends_on as Record<string, { condition: string }>)['temporal-schema'],
    ).toEqual({
      condition: 'service_completed_successfully',
    });
  });

  it("configures the server as the cluster's config file does", () => {
    const pg = services.postgres.environment!;
    const ports = Object.fromEntries(
      ['frontend', 'metrics'].map((k) => [k, 0]),
    ) as unknown as TemporalServerPorts;
    const config = temporalServerConfig(
      { host: 'postgres', port: 5432, user: 'u', password: 'p' },
      ports,
      '/d',
    );
    const { default: main, visibility } = config.persistence.datastores;
    const env = services.temporal.environment!;
    expect(env.DB).toBe(main.sql.pluginName);
    expect(env.DB).toBe(visibility.sql.pluginName);
    expect(env.DBNAME).toBe(main.sql.databaseName);
    expect(env.VISIBILITY_DBNAME).toBe(visibility.sql.databaseName);
    expect(env.NUM_HISTORY_SHARDS).toBe(config.persistence.numHistoryShards);
    expect(env.SQL_MAX_CONNS).toBe(main.sql.maxConns);
    expect(env.SQL_VIS_MAX_CONNS).toBe(visibility.sql.maxConns);
    expect(env.POSTGRES_SEEDS).toBe('postgres');
    expect(env.POSTGRES_USER).toBe(pg.POSTGRES_USER);
    expect(env.POSTGRES_PWD).toBe('${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}');
    const [mount] = services.temporal.volumes!;
    const [file, target] = mount.split(':');
    expect(target).toBe(env.DYNAMIC_CONFIG_FILE_PATH);
    expect(parse(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8'))).toEqual(TEMPORAL_DYNAMIC_CONFIG);
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
      const url = new URL(String(services[name].environment!.DATABASE_URL).replace(/\$\{[^}]+\}/, 'secret'));
      expect(url.hostname).toBe('postgres');
      expect(url.username).toBe(pg.POSTGRES_USER);
      expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
    }
  });

  it('points the app and the UI at the Temporal service', () => {
    for (const name of APP) expect(services[name].environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(services['temporal-ui'].environment!.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('registers the namespace with its retention and every case search attribute with its type', () => {
    const script = ([] as string[]).concat(services['temporal-namespace'].command!).join(' ');
    expect(script).toContain(
      `temporal operator namespace create --retention ${NAMESPACE_RETENTION_HOURS}h default`,
    );
    const types: Record<string, string> = { KEYWORD: 'Keyword', INT: 'Int', DATETIME: 'Datetime' };
    const listed = /for sa in ([^;]+);/.exec(script)![1].trim().split(/\s+/);
    expect(listed).toEqual(CASE_SEARCH_ATTRIBUTES.map((key) => `${key.name}=${types[key.type]}`));
    for (const name of ['web', 'worker'])
      expect(
        (services[name].depends_on as Record<string, { condition: string }>)['temporal-namespace'],
      ).toEqual({
        condition: 'service_completed_successfully',
      });
  });

  it('builds the workflow bundle into the image, and lets the worker serve its metrics on the network', () => {
    const { scripts } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    expect(scripts.build).toContain('node dist/worker/bundle.js dist/workflow-bundle.js');
    const dockerfile = fs.readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    expect(services.worker.environment!.WORKER_METRICS_ADDRESS).toBe('0.0.0.0:9464');
    expect(services.worker.ports).toBeUndefined();
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
