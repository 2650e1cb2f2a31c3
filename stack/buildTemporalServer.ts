import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { TEMPORAL_SERVER_FILES, TEMPORAL_SERVER_HOME, TEMPORAL_SERVER_PIN } from './temporalServerPin';

/**
 * `npm run build:temporal-server`: the pinned Temporal server, its SQL schema tool and the UI server,
 * built from the Go module proxy into .tools/ (about 10 minutes on 2 cores the first time; nothing
 * to do when present). TEMPORAL_SERVER_GOBIN may name a folder where `go install` of the same
 * server version already put `server` and `sql`: they are copied instead of built again.
 */
const { server, uiServer, goToolchain } = TEMPORAL_SERVER_PIN;

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.error})`);
  return result.stdout.trim();
}

/** `--version` of a built binary prints e.g. "temporal version 1.32.2". */
function hasVersion(binary: string, version: string): boolean {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes(version.replace(/^v/, ''));
}

function main() {
  if (fs.existsSync(TEMPORAL_SERVER_FILES.complete)) {
    console.log(`Temporal server ${server} (UI ${uiServer}) is built: ${TEMPORAL_SERVER_HOME}`);
    return;
  }
  const partial = `${TEMPORAL_SERVER_HOME}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  const bin = path.join(partial, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const goEnv = (gobin: string) => ({ ...process.env, GOTOOLCHAIN: goToolchain, GOBIN: gobin });
  const started = Date.now();

  const prebuilt = process.env.TEMPORAL_SERVER_GOBIN;
  if (
    prebuilt &&
    hasVersion(path.join(prebuilt, 'server'), server) &&
    hasVersion(path.join(prebuilt, 'sql'), server)
  ) {
    console.log(`copying the Temporal server ${server} from ${prebuilt}`);
    fs.copyFileSync(path.join(prebuilt, 'server'), path.join(bin, 'temporal-server'));
    fs.copyFileSync(path.join(prebuilt, 'sql'), path.join(bin, 'temporal-sql-tool'));
  } else {
    console.log(`building the Temporal server ${server} with ${goToolchain} (about 10 minutes)…`);
    const gobin = path.join(partial, 'gobin-server');
    run(
      'go',
      [
        'install',
        `go.temporal.io/server/cmd/server@${server}`,
        `go.temporal.io/server/cmd/tools/sql@${server}`,
      ],
      goEnv(gobin),
    );
    fs.renameSync(path.join(gobin, 'server'), path.join(bin, 'temporal-server'));
    fs.renameSync(path.join(gobin, 'sql'), path.join(bin, 'temporal-sql-tool'));
  }

  console.log(`building the Temporal UI server ${uiServer}…`);
  // Its binary is also called `server`: a GOBIN of its own keeps the two apart.
  const uiGobin = path.join(partial, 'gobin-ui');
  run('go', ['install', `github.com/temporalio/ui-server/v2/cmd/server@${uiServer}`], goEnv(uiGobin));
  fs.renameSync(path.join(uiGobin, 'server'), path.join(bin, 'temporal-ui-server'));

  // The module's schema files, from the module cache the build filled (read-only there).
  const modcache = run('go', ['env', 'GOMODCACHE'], goEnv(bin));
  const moduleDir = path.join(modcache, `go.temporal.io/server@${server}`);
  if (!fs.existsSync(moduleDir))
    run('go', ['mod', 'download', `go.temporal.io/server@${server}`], goEnv(bin));
  const schema = path.join(partial, path.relative(TEMPORAL_SERVER_HOME, TEMPORAL_SERVER_FILES.schema));
  fs.cpSync(path.join(moduleDir, 'schema', 'postgresql', 'v12'), schema, { recursive: true });
  run('chmod', ['-R', 'u+w', partial]);
  for (const gobin of ['gobin-server', 'gobin-ui'])
    fs.rmSync(path.join(partial, gobin), { recursive: true, force: true });

  fs.writeFileSync(path.join(partial, 'COMPLETE'), `${server} ui ${uiServer}\n`);
  fs.rmSync(TEMPORAL_SERVER_HOME, { recursive: true, force: true });
  fs.renameSync(partial, TEMPORAL_SERVER_HOME);
  console.log(`built in ${Math.round((Date.now() - started) / 1000)} s: ${TEMPORAL_SERVER_HOME}`);
}

main();
