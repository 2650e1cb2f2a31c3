import { loadConfig, loudWarnings } from './index';

/** A production environment that passes every check; each test takes one safeguard away. */
const SAFE = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'session-secret',
  NATIONAL_CODE_HASH_KEY: 'hash-key',
  REGISTRY_URL: 'https://registry.example.ir',
  SMS_URL: 'https://sms.example.ir/send',
  SMTP_URL: 'smtps://user:pass@mail.example.ir:465',
};
const without = (...names: (keyof typeof SAFE)[]) =>
  Object.fromEntries(Object.entries(SAFE).filter(([name]) => !names.includes(name as keyof typeof SAFE)));

it('accepts a production environment with its real registry and channels, and warns of nothing', () => {
  const config = loadConfig(SAFE);
  expect(config.registry.url).toBe(SAFE.REGISTRY_URL);
  expect(config.outboxOnly).toEqual([]);
  expect(loudWarnings(config)).toEqual([]);
});

it('names the missing secrets first', () => {
  expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
});

it('refuses the simulated civil registry in production unless REGISTRY=simulated says so, loudly', () => {
  expect(() => loadConfig(without('REGISTRY_URL'))).toThrow(/REGISTRY_URL must be set in production/);
  expect(() => loadConfig({ ...without('REGISTRY_URL'), REGISTRY: 'http' })).toThrow(
    /REGISTRY=http needs REGISTRY_URL/,
  );
  expect(() => loadConfig({ ...SAFE, REGISTRY: 'fake' })).toThrow(/REGISTRY must be one of http, simulated/);
  const chosen = loadConfig({ ...without('REGISTRY_URL'), REGISTRY: 'simulated' });
  expect(chosen.registry.url).toBeUndefined();
  expect(loudWarnings(chosen)).toEqual([expect.stringMatching(/^!!! REGISTRY=simulated.*SIMULATED/)]);
  // An explicit choice wins over a URL left in the environment.
  expect(loadConfig({ ...SAFE, REGISTRY: 'simulated' }).registry.url).toBeUndefined();
});

it('refuses a channel that would mark notices sent while sending nothing, unless OUTBOX_ONLY names it', () => {
  expect(() => loadConfig(without('SMS_URL'))).toThrow(/SMS_URL must be set in production/);
  expect(() => loadConfig(without('SMTP_URL'))).toThrow(/SMTP_URL must be set in production/);
  expect(() => loadConfig({ ...without('SMS_URL'), OUTBOX_ONLY: 'email' })).toThrow(/SMS_URL/);
  expect(() => loadConfig({ ...SAFE, OUTBOX_ONLY: 'fax' })).toThrow(/OUTBOX_ONLY must be one of sms, email/);
  expect(() => loadConfig({ ...SAFE, OUTBOX_ONLY: 'sms' })).toThrow(/SMS_URL and OUTBOX_ONLY=sms contradict/);
  const chosen = loadConfig({ ...without('SMS_URL', 'SMTP_URL'), OUTBOX_ONLY: 'sms, email' });
  expect(chosen.outboxOnly).toEqual(['sms', 'email']);
  expect(loudWarnings(chosen)).toEqual([
    expect.stringMatching(/^!!! OUTBOX_ONLY=sms: .*NOT SENT/),
    expect.stringMatching(/^!!! OUTBOX_ONLY=email: .*NOT SENT/),
  ]);
});

it('keeps development as it was: the simulated registry and the outbox need no choice', () => {
  const config = loadConfig({});
  expect(config.registry.url).toBeUndefined();
  expect(config.outboxOnly).toEqual([]);
  expect(loudWarnings(config)).toEqual([]);
});

it('refuses demo data in production', () => {
  expect(() => loadConfig({ ...SAFE, DEMO_DATA: 'on' })).toThrow(/DEMO_DATA=on is not allowed in production/);
  expect(loadConfig({ ...SAFE, DEMO_DATA: 'off' }).demoData).toBe(false);
  expect(() => loadConfig({ DEMO_DATA: 'yes' })).toThrow(/DEMO_DATA must be one of on, off/);
  expect(loadConfig({}).demoData).toBeUndefined();
});

it('binds the web where HOST says; a development web without its captcha stays on loopback', () => {
  expect(loadConfig({}).host).toBe('0.0.0.0');
  expect(loadConfig(SAFE).host).toBe('0.0.0.0');
  expect(loadConfig({ CAPTCHA: 'off' }).host).toBe('127.0.0.1');
  expect(loadConfig({ CAPTCHA: 'off', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  expect(loadConfig({ ...SAFE, HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
});
