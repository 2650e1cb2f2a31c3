import path from 'node:path';

/**
 * All configuration comes from the environment, with safe development defaults.
 * Production (NODE_ENV=production) refuses to start without the secrets it needs.
 */
export type NotificationChannelName = 'sms' | 'email';

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  /** The address the web binds to. */
  host: string;
  publicUrl: string;
  databaseUrl: string | undefined;
  dataDir: string;
  temporal: {
    address: string | undefined;
    namespace: string;
    /** The request desk's task queue; journeys started on it before the Hajj had its own are served there still. */
    taskQueue: string;
    /** The Hajj journey's task queue: a round's hundred thousand journeys never queue before a citizen's request. */
    hajjTaskQueue: string;
    uiUrl: string;
  };
  sessionSecret: string;
  nationalCodeHashKey: string;
  captcha: boolean;
  /** Without a url, the simulated registry. */
  registry: { url: string | undefined; latencyMs: number; failureRate: number };
  smtpUrl: string | undefined;
  smsUrl: string | undefined;
  /** Channels chosen (OUTBOX_ONLY) to keep notices in the notifications table without sending them. */
  outboxOnly: NotificationChannelName[];
  /** DEMO_DATA: on / off, or undefined to leave it to the stack (demo data only on its own servers). */
  demoData: boolean | undefined;
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

function choice<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`${name} must be one of ${allowed.join(', ')} (got ${value})`);
  return value as T;
}

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
  const sessionSecret = required('SESSION_SECRET', DEV_SECRET);
  const nationalCodeHashKey = required('NATIONAL_CODE_HASH_KEY', DEV_SECRET);

  const registryChoice = choice('REGISTRY', env.REGISTRY, ['http', 'simulated'] as const);
  const registryUrl = env.REGISTRY_URL || undefined;
  if (registryChoice === 'http' && !registryUrl) throw new Error('REGISTRY=http needs REGISTRY_URL');
  if (production && !registryUrl && registryChoice !== 'simulated')
    throw new Error(
      'REGISTRY_URL must be set in production (REGISTRY=simulated chooses the simulated civil registry on purpose)',
    );

  const outboxOnly = (env.OUTBOX_ONLY ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => choice('OUTBOX_ONLY', name, ['sms', 'email'] as const)!);
  const smsUrl = env.SMS_URL || undefined;
  const smtpUrl = env.SMTP_URL || undefined;
  // A channel without a server would mark notices sent while sending nothing.
  for (const [channel, url, variable] of [
    ['sms', smsUrl, 'SMS_URL'],
    ['email', smtpUrl, 'SMTP_URL'],
  ] as const) {
    if (url && outboxOnly.includes(channel))
      throw new Error(`${variable} and OUTBOX_ONLY=${channel} contradict each other: choose one`);
    if (production && !url && !outboxOnly.includes(channel))
      throw new Error(
        `${variable} must be set in production (OUTBOX_ONLY=${channel} keeps ${channel} notices unsent in the notifications table on purpose)`,
      );
  }

  const demoData = choice('DEMO_DATA', env.DEMO_DATA, ['on', 'off'] as const);
  if (demoData === 'on' && production) throw new Error('DEMO_DATA=on is not allowed in production');

  // A web without its captcha stays on this machine unless HOST says otherwise.
  const host = env.HOST || (captcha ? '0.0.0.0' : '127.0.0.1');
  return {
    env: mode,
    port,
    host,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    temporal: {
      address: env.TEMPORAL_ADDRESS || undefined,
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'service-desk',
      hajjTaskQueue: env.TEMPORAL_HAJJ_TASK_QUEUE ?? `${env.TEMPORAL_TASK_QUEUE ?? 'service-desk'}-hajj`,
      uiUrl: env.TEMPORAL_UI_URL ?? 'http://localhost:8233',
    },
    sessionSecret,
    nationalCodeHashKey,
    captcha,
    registry: {
      url: registryChoice === 'simulated' ? undefined : registryUrl,
      latencyMs: number(env.REGISTRY_LATENCY_MS, 0),
      failureRate: number(env.REGISTRY_FAILURE_RATE, 0),
    },
    smtpUrl,
    smsUrl,
    outboxOnly,
    demoData: demoData === undefined ? undefined : demoData === 'on',
    demoPassword: env.DEMO_PASSWORD || undefined,
    metricsToken: env.METRICS_TOKEN || undefined,
    workerMetricsAddress: (env.WORKER_METRICS_ADDRESS ?? '127.0.0.1:9464') || undefined,
    workflowBundle: env.WORKFLOW_BUNDLE || undefined,
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'warn' : 'info'),
  };
}

/** What a process must shout about at start: choices that are safe for trying the desk, not for serving citizens. */
export function loudWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (!config.captcha) warnings.push('CAPTCHA=off: the captcha is disabled. Never do this in production.');
  if (config.env === 'production') {
    if (!config.registry.url)
      warnings.push('REGISTRY=simulated: identities are checked against the SIMULATED civil registry.');
    for (const channel of config.outboxOnly)
      warnings.push(`OUTBOX_ONLY=${channel}: ${channel} notices are stored but NOT SENT to anyone.`);
  }
  return warnings.map((warning) => `!!! ${warning} !!!`);
}
