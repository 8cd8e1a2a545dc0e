import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../../src/common/abort';
import { onProcessExit } from './exitGuard';
import { HostError } from './hostError';
import { HostInstall, loadHostInstall } from './hostInstall';
import { signalGroup, stopGroup } from './processGroup';

export interface CodeServerOptions {
  /** The folder the workbench opens. */
  readonly workspace: string;
  /** 0 or absent: a free port. */
  readonly port?: number;
  /** Added to the server's environment, which its extension hosts inherit (except GITHUB_TOKEN, which code-server drops). */
  readonly env?: Readonly<Record<string, string>>;
  /** Merged over the defaults into User/settings.json. */
  readonly userSettings?: Readonly<Record<string, unknown>>;
  /** Default: `<runDir>/extensions` (only the built-in extensions). */
  readonly extensionsDir?: string;
  /**
   * Default true: Workspace Trust is off, so the folder is trusted. False: the folder opens
   * in Restricted Mode, as a freshly cloned repository does.
   */
  readonly trusted?: boolean;
  /**
   * The server's and the workbench's log level. Default `info`: below that, what the
   * extension host prints (the tests' output) is dropped too.
   */
  readonly logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  /**
   * Default true: the workbench honours the URL payload (extensionDevelopmentPath,
   * extensionTestsPath) and reports to the driver, but draws no notification toasts.
   * False for a session as a person sees it (screenshots).
   */
  readonly testDriver?: boolean;
  /** How long to wait for /healthz. Default 60 s. */
  readonly startTimeoutMs?: number;
  /** Default: from the stamp of scripts/setup-test-host.sh. */
  readonly install?: HostInstall;
}

/** A running code-server. */
export interface CodeServer {
  /** `http://127.0.0.1:PORT/` — the authority a workbench payload must name. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Holds the server's user data, XDG dirs, config and `server.log`; deleted by `stop()`. */
  readonly runDir: string;
  readonly logFile: string;
  /** Resolves when the server process exits, for whatever reason. */
  readonly exited: Promise<void>;
  /** Kills the server's whole process group (TERM, then KILL) and deletes `runDir`. Idempotent. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

// Quiet, offline-friendly defaults: no walkthroughs, no update or telemetry calls.
const DEFAULT_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.autofetch': false,
  // No chat panel or agent host: they crowd screenshots and fill the log with sign-in retries.
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Starts code-server on `opts.workspace` in a new session (its own process group) with
 * everything it writes kept in a fresh run dir, and waits until /healthz answers. Until
 * `stop()`, the server is killed if this process ends in any way.
 * @throws HostError when the host is not installed or the server does not come up
 *   (the message ends with the server log's last lines).
 */
export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const install = opts.install ?? loadHostInstall();
  const trusted = opts.trusted ?? true;
  const port = opts.port || (await freePort());
  const runDir = mkdtempSync(join(tmpdir(), 'prt-host-'));
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = opts.extensionsDir ?? join(runDir, 'extensions');
  const logFile = join(runDir, 'server.log');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = { ...DEFAULT_SETTINGS, ...opts.userSettings, 'security.workspace.trust.enabled': trusted ? false : true };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // A config file of our own keeps code-server from writing its default one (with a password) to ~/.config.
  writeFileSync(join(runDir, 'config.yaml'), `bind-addr: ${HOST}:${port}\nauth: none\ncert: false\n`);

  const args = [
    install.codeServerEntry,
    '--config', join(runDir, 'config.yaml'),
    '--auth', 'none',
    '--bind-addr', `${HOST}:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--log', opts.logLevel ?? 'info',
    // Without it the workbench ignores the URL payload (extensionDevelopmentPath, extensionTestsPath).
    ...(opts.testDriver ?? true ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(trusted ? ['--disable-workspace-trust'] : []),
    opts.workspace,
  ];
  const log = openSync(logFile, 'a');
  const child = spawn(install.node, args, {
    cwd: runDir,
    env: serverEnv(runDir, opts.env),
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const pgid = child.pid;
  if (pgid === undefined) {
    rmSync(runDir, { recursive: true, force: true });
    throw new HostError(`could not start ${install.node}: is the test host installed? run \`bash scripts/setup-test-host.sh --force\``);
  }
  const exitGuard = onProcessExit(() => {
    signalGroup(pgid, 'SIGKILL');
    rmSync(runDir, { recursive: true, force: true });
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    exitCode = code ?? (signal ? -1 : null);
    resolve();
  }));

  let stopping: Promise<void> | undefined;
  const server: CodeServer = {
    url: `http://${HOST}:${port}/`,
    port,
    host: HOST,
    runDir,
    logFile,
    exited,
    stop() {
      stopping ??= (async () => {
        await stopGroup(pgid);
        exitGuard.dispose();
        rmSync(runDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };

  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  while (!(await isHealthy(server.url))) {
    const failure = exitCode !== undefined ? `exited with ${exitCode}` : Date.now() > deadline ? `did not answer /healthz within ${opts.startTimeoutMs ?? 60_000} ms` : undefined;
    if (failure) {
      const tail = logTail(logFile);
      await server.stop();
      throw new HostError(`code-server ${failure}; the end of its log is below`, tail);
    }
    await sleep(100);
  }
  return server;
}

/**
 * Installs a .vsix into `extensionsDir` with the host's code-server, for a session that
 * shows the extension as a user gets it (notifications included).
 * @throws HostError when code-server refuses the package (its output is in the message).
 */
export async function installVsix(vsixPath: string, extensionsDir: string, install = loadHostInstall()): Promise<void> {
  if (!existsSync(vsixPath)) throw new HostError(`no such .vsix: ${vsixPath} (build it with \`npm run package\`)`);
  mkdirSync(extensionsDir, { recursive: true });
  const runDir = mkdtempSync(join(tmpdir(), 'prt-vsix-'));
  try {
    const args = [install.codeServerEntry, '--user-data-dir', join(runDir, 'user-data'), '--extensions-dir', extensionsDir, '--force', '--install-extension', vsixPath];
    const child = spawn(install.node, args, { cwd: runDir, env: serverEnv(runDir), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const guard = onProcessExit(() => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'));
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c) => resolve(c));
    });
    guard.dispose();
    if (code !== 0) throw new HostError(`code-server --install-extension ${vsixPath} failed (exit ${code}); its output is below`, output.trim());
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

/**
 * The server's environment: ours, minus what would steer it elsewhere (an editor's IPC
 * hooks when run from a VS Code terminal, PORT which overrides --bind-addr), with its XDG
 * dirs in the run dir (code-server writes there even with --user-data-dir).
 */
function serverEnv(runDir: string, extra?: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE' || k === 'PORT' || k === 'PASSWORD' || k === 'HASHED_PASSWORD') continue;
    env[k] = v;
  }
  Object.assign(env, {
    XDG_CONFIG_HOME: join(runDir, 'xdg', 'config'),
    XDG_DATA_HOME: join(runDir, 'xdg', 'data'),
    XDG_CACHE_HOME: join(runDir, 'xdg', 'cache'),
    XDG_STATE_HOME: join(runDir, 'xdg', 'state'),
  }, extra);
  return env;
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(new URL('healthz', url), { signal: AbortSignal.timeout(2_000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    // Not listening yet (ECONNREFUSED) or slow to answer: the caller polls again.
    return false;
  }
}

/** A port that was free a moment ago on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new HostError('could not pick a free port'))));
    });
  });
}

function logTail(file: string, lines = 30): string {
  if (!existsSync(file)) return '(no log)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

