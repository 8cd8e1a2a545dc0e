import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HostError } from './hostError';

/** Where the test host's tools are, as recorded by scripts/setup-test-host.sh. */
export interface HostInstall {
  /** Node 24, which code-server needs. */
  readonly node: string;
  /** code-server's entry script, run with `node`. */
  readonly codeServerEntry: string;
  readonly codeServerVersion: string;
  /** The chromium binary playwright-core drives. */
  readonly chromium: string;
}

const PACKAGE_NAME = 'pr-thread-runner';

/**
 * The repository root: the nearest folder above this bundle whose package.json is ours.
 * Bundles live at different depths (out/test/host, out/test/electron, out/scripts).
 * @throws HostError when run from outside the repository.
 */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) throw new HostError(`cannot find the ${PACKAGE_NAME} repository above ${from}`);
  }
}

/**
 * Reads the stamp that a successful setup left in `.cache/host/`.
 * @throws HostError when the host is not installed.
 */
export function loadHostInstall(root = repoRoot()): HostInstall {
  const stamp = join(root, '.cache', 'host', 'stamp');
  if (!existsSync(stamp)) throw new HostError('the VS Code test host is not installed: run `bash scripts/setup-test-host.sh`');
  const values = new Map<string, string>();
  for (const line of readFileSync(stamp, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const install: HostInstall = {
    node: values.get('node') ?? '',
    codeServerEntry: values.get('entry') ?? '',
    codeServerVersion: values.get('code-server') ?? '',
    chromium: process.env.CHROMIUM || values.get('chromium') || '/usr/bin/chromium',
  };
  for (const path of [install.node, install.codeServerEntry, install.chromium]) {
    if (!path || !existsSync(path)) throw new HostError(`the VS Code test host is incomplete (${path || stamp} is missing): run \`bash scripts/setup-test-host.sh --force\``);
  }
  return install;
}

/**
 * Runs scripts/setup-test-host.sh (silent and instant when already done; one line per
 * step otherwise, on this process's stdout/stderr).
 * @throws HostError when the setup fails; the script has already said why.
 */
export async function setupTestHost(root = repoRoot()): Promise<HostInstall> {
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('bash', [join(root, 'scripts', 'setup-test-host.sh')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  });
  if (code !== 0) throw new HostError(`setting up the VS Code test host failed (exit ${code}); see the line above`);
  return loadHostInstall(root);
}
