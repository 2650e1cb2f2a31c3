import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  type LogEntry,
  Runtime,
  type WorkflowBundle,
} from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { findExecutable } from '../../stack/paths';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/shared/searchAttributes';

const { IndexedValueType } = temporal.api.enums.v1;

/** The time-skipping test server: TEMPORAL_TEST_SERVER, PATH, the project's .venv, else the SDK's download. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const path = findExecutable(process.env.TEMPORAL_TEST_SERVER, ['temporal-test-server']);
  const env = await TestWorkflowEnvironment.createTimeSkipping(
    path ? { server: { executable: { type: 'existing-path', path } } } : {},
  );
  // The test server knows no custom search attributes until told, unlike the dev server's flags.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      CASE_SEARCH_ATTRIBUTES.map((key) => [key.name, IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}`]]),
    ),
  });
  return env;
}

let bundle: Promise<WorkflowBundle> | undefined;

/** The workflow code bundled once per test file. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
  return bundle;
}

const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (message: string, meta?: unknown) => console.error(message, meta),
};

let runtimeInstalled = false;

/**
 * Worker and SDK core logs at warnings and above, so test output shows what matters; a test that
 * reads the workflows' warnings passes where they go.
 */
export function quietRuntime(log?: (entry: LogEntry) => void): void {
  if (runtimeInstalled) return;
  Runtime.install({
    logger: new DefaultLogger('WARN', log),
    telemetryOptions: { logging: { forward: {}, filter: 'WARN' } },
  });
  runtimeInstalled = true;
}
