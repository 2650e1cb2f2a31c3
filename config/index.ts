import path from 'node:path';

/**
 * All configuration comes from the environment, with safe development defaults.
 * Production (NODE_ENV=production) refuses to start without the secrets it needs.
 */
export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  temporal: { address: string | undefined; namespace: string; taskQueue: string; uiUrl: string };
  sessionSecret: string;
  nationalCodeHashKey: string;
  captcha: boolean;
  registry: { url: string | undefined; latencyMs: number; failureRate: number };
  smtpUrl: string | undefined;
  smsUrl: string | undefined;
  demoPassword: string | undefined;
  /** Bearer token that opens /metrics; without one, only a development machine's own requests get it. */
  metricsToken: string | undefined;
  /** host:port of the worker's Prometheus endpoint (the SDK's metrics); empty turns it off. */
  workerMetricsAddress: string | undefined;
  /** The workflow bundle made at build time, when not dist/workflow-bundle.js beside the worker. */
  workflowBundle: string | undefined;
  logLevel: string;
}

const DEV_SECRET = 'development-only-secret-change-me';

function number(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${value}`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const mode =
    env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  const production = mode === 'production';
  const required = (name: string, devDefault: string) => {
    const value = env[name];
    if (value) return value;
    if (production) throw new Error(`${name} must be set in production`);
    return devDefault;
  };
  const captcha = env.CAPTCHA !== 'off';
  if (!captcha && production) throw new Error('CAPTCHA=off is not allowed in production');
  const port = number(env.PORT, 3000);
  return {
    env: mode,
    port,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    temporal: {
      address: env.TEMPORAL_ADDRESS || undefined,
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'service-desk',
      uiUrl: env.TEMPORAL_UI_URL ?? 'http://localhost:8233',
    },
    sessionSecret: required('SESSION_SECRET', DEV_SECRET),
    nationalCodeHashKey: required('NATIONAL_CODE_HASH_KEY', DEV_SECRET),
    captcha,
    registry: {
      url: env.REGISTRY_URL || undefined,
      latencyMs: number(env.REGISTRY_LATENCY_MS, 0),
      failureRate: number(env.REGISTRY_FAILURE_RATE, 0),
    },
    smtpUrl: env.SMTP_URL || undefined,
    smsUrl: env.SMS_URL || undefined,
    demoPassword: env.DEMO_PASSWORD || undefined,
    metricsToken: env.METRICS_TOKEN || undefined,
    workerMetricsAddress: (env.WORKER_METRICS_ADDRESS ?? '127.0.0.1:9464') || undefined,
    workflowBundle: env.WORKFLOW_BUNDLE || undefined,
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'warn' : 'info'),
  };
}
