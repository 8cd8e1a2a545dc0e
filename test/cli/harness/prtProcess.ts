import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { TestGitHub } from '../../github/testGitHub';

/** The shipped CLI bundle, as `npm run build` writes it, found above the compiled test (out/test/cli/…). */
export const CLI_PATH = path.join(projectRoot(__dirname), 'dist', 'cli.js');

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** What one `prt` process did. */
export interface PrtResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface PrtOptions {
  readonly cwd: string;
  /** The full environment of the child (see `prtEnv`). */
  readonly env: NodeJS.ProcessEnv;
  /** Called once the child runs, e.g. to signal it mid-run. */
  readonly onSpawn?: (child: ChildProcess) => void;
  /** Called with each stderr chunk as it arrives. */
  readonly onStderr?: (chunk: string) => void;
}

/** PATH without any directory that holds a `gh` executable, so `gh auth token` can never be the token source. */
export function pathWithoutGh(pathValue = process.env.PATH ?? ''): string {
  return pathValue
    .split(path.delimiter)
    .filter((dir) => dir !== '' && !isExecutable(path.join(dir, 'gh')))
    .join(path.delimiter);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A child environment built from nothing (no GH_TOKEN, no GITHUB_* of the caller): PATH
 * without `gh`, a private HOME, no global git config, and the test GitHub's token and URL
 * unless `gh` is undefined.
 */
export function prtEnv(gh: TestGitHub | undefined, home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: pathWithoutGh(),
    HOME: home,
    LANG: 'C.UTF-8',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    ...(gh ? { GITHUB_TOKEN: gh.token, GITHUB_GRAPHQL_URL: gh.url } : {}),
    ...extra,
  };
}

/**
 * Runs `node dist/cli.js ARGS` to its end and collects its output.
 * @throws Error when dist/cli.js is missing (build it with `node esbuild.mjs`).
 */
export function runPrt(args: readonly string[], opts: PrtOptions): Promise<PrtResult> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`node esbuild.mjs\` first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      opts.onStderr?.(c);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    opts.onSpawn?.(child);
  });
}

/** Non-empty lines of a text. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}
