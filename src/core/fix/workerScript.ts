import { randomBytes } from 'node:crypto';
import { BugIndicatingError } from '../common/errors';
import { shellQuote } from './shellQuote';

// What a shell worker (see shellWorker.ts) runs for one job, and which environments it can
// reproduce exactly. The worker is bash, whose job control (`set -m`, no terminal needed) puts each
// background job in a process group of its own without another exec; the job itself is
// `exec sh -c COMMAND`, exactly what runCommand spawns.

/**
 * Variables bash keeps read-only or computes on the fly, so that no assignment passes them on
 * unchanged: a job whose environment holds one (or a `BASH_*` name not listed below, or a
 * name that is no shell identifier, like `BASH_FUNC_f%%`) runs through runCommand instead.
 */
const NOT_EXPORTABLE = new Set([
  'BASHOPTS', 'BASHPID', 'DIRSTACK', 'EPOCHREALTIME', 'EPOCHSECONDS', 'EUID', 'FUNCNAME', 'GROUPS', 'LINENO', 'OPTIND',
  'PIPESTATUS', 'PPID', 'RANDOM', 'SECONDS', 'SHELLOPTS', 'SRANDOM', 'UID',
]);

/**
 * Variables that change how the worker itself behaves (`TMOUT` would end its `read`,
 * `BASH_ENV` would be sourced at its start) or that bash resets at startup (`IFS`, `PS4`):
 * the worker starts without them and each job that has one exports it.
 */
const PER_JOB = new Set([
  'BASH', 'BASH_ARGV0', 'BASH_COMPAT', 'BASH_ENV', 'BASH_LOADABLES_PATH', 'BASH_VERSION', 'BASH_XTRACEFD', 'CDPATH',
  'CHILD_MAX', 'COMP_WORDBREAKS', 'COPROC', 'ENV', 'EXECIGNORE', 'FUNCNEST', 'GLOBIGNORE', 'GLOBSORT', 'IFS', 'OPTARG',
  'OPTERR', 'POSIXLY_CORRECT', 'PS0', 'PS1', 'PS2', 'PS3', 'PS4', 'REPLY', 'TMOUT',
]);

/** Set by bash itself (and by `cd`): always written explicitly for each job. */
const SHELL_OWNED = new Set(['PWD', 'OLDPWD', 'SHLVL', '_']);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** How the worker carries variable `name` to a job (see the sets above; `plain`: bash passes it on unchanged). */
function variableKind(name: string): 'plain' | 'perJob' | 'owned' | 'refused' {
  if (SHELL_OWNED.has(name)) return 'owned';
  // The worker runs in the C locale: its `read -N` must count bytes, not characters.
  if (PER_JOB.has(name) || name === 'LANG' || name.startsWith('LC_')) return 'perJob';
  if (!NAME.test(name) || NOT_EXPORTABLE.has(name) || name.startsWith('BASH_')) return 'refused';
  return 'plain';
}

/** The environment a worker is started with: the plain part of a job's environment (no locale). */
export function workerEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (variableKind(k) === 'plain') out[k] = v;
  return out;
}

/**
 * Why a job cannot go through a worker (runCommand reproduces it exactly, or refuses it
 * with its own error), or undefined when it can.
 */
export function workerRefusal(command: string, cwd: string, env: Readonly<Record<string, string>>): string | undefined {
  // The stdin goes through a file, where a NUL is just a byte.
  if (command.includes('\0') || cwd.includes('\0')) return 'a NUL byte';
  for (const [k, v] of Object.entries(env)) {
    if (v.includes('\0') || k.includes('\0')) return 'a NUL byte in the environment';
    if (variableKind(k) === 'refused') return `the variable ${k}`;
  }
  return undefined;
}

export interface JobScriptInput {
  /** The worker's frame marker (see ShellWorker): letters, digits and `_` only. */
  readonly marker: string;
  /** Absolute. */
  readonly cwd: string;
  readonly command: string;
  /** The job's whole environment; must have passed `workerRefusal`. */
  readonly env: Readonly<Record<string, string>>;
  /** The environment the worker was started with. */
  readonly base: Readonly<Record<string, string>>;
  /** The job's stdin: inline text (see `canInlineStdin`) or a file holding it. */
  readonly stdin: { readonly text: string } | { readonly file: string };
}

/** In UTF-16 units, so at most 48 KiB of UTF-8: under a pipe's 64 KiB, which bash 5.1+ then uses. */
const MAX_INLINE_STDIN = 16 * 1024;

/**
 * True when `stdin` can be a here-document, which bash hands over through a pipe: empty, or
 * small, newline-terminated and without NUL (a here-document always ends with a newline and
 * cannot carry NUL).
 */
export function canInlineStdin(stdin: string): boolean {
  return stdin === '' || (stdin.endsWith('\n') && stdin.length <= MAX_INLINE_STDIN && !stdin.includes('\0'));
}

/** A here-document delimiter that is no line of `text`. */
function delimiterFor(text: string): string {
  const lines = new Set(text.split('\n'));
  for (;;) {
    const d = `PRT_STDIN_${randomBytes(12).toString('hex')}`;
    if (!lines.has(d)) return d;
  }
}

/**
 * The script a worker sources for one job: a background subshell (its own process group)
 * that changes to `cwd`, turns the worker's environment into exactly `env` and execs
 * `sh -c command` with its stdin (a quoted here-document or a file) and stderr joined to
 * stdout; the worker then reports the job's pid, waits for it and reports its status.
 * Every value is a quoted word.
 * Frames: `<marker>P <pid>`, `<marker>S <status>`; `<marker>C` when cd failed and
 * `<marker>X` when sh could not be executed (nothing of the command ran in either case).
 */
export function jobScript(input: JobScriptInput): string {
  const { marker, env, base } = input;
  const unset: string[] = [];
  const set: string[] = [];
  for (const k of Object.keys(base)) if (!(k in env)) unset.push(k);
  for (const [k, v] of Object.entries(env)) {
    if (k === '_') continue;
    // Owned and per-job variables are never in the worker's environment as given.
    if (variableKind(k) !== 'plain' || base[k] !== v) set.push(`${k}=${shellQuote(v)}`);
  }
  for (const k of ['PWD', 'OLDPWD', 'SHLVL']) if (!(k in env)) unset.push(k);
  // `_` is bash's own "last argument" variable: only a prefix assignment reaches the exec'd sh.
  const underscore = '_' in env ? `_=${shellQuote(env._)} ` : '';
  const frame = (kind: string) => shellQuote(`${marker}${kind}`);
  const inline = 'text' in input.stdin ? input.stdin.text : undefined;
  if (inline !== undefined && !canInlineStdin(inline)) throw new BugIndicatingError('jobScript: this stdin must go through a file');
  const delimiter = inline === undefined ? '' : delimiterFor(inline);
  const redirect = 'file' in input.stdin ? `<${shellQuote(input.stdin.file)}` : `<<'${delimiter}'`;
  return [
    // Job control only while forking: the job gets a process group of its own, and bash
    // does not spend a write on reporting it done.
    'set -m',
    `(cd -P -- ${shellQuote(input.cwd)} 2>/dev/null || { printf '%s\\n' ${frame('C')}; exit 1; }`,
    ...(unset.length ? [`unset -v ${unset.join(' ')}`] : []),
    ...(set.length ? [`export ${set.join(' ')}`] : []),
    `${underscore}exec sh -c ${shellQuote(input.command)}`,
    // Reached only when exec failed (execfail is on in the worker).
    `printf '%s\\n' ${frame('X')}; exit 127) ${redirect} 2>&1 &`,
    // The quoted delimiter turns off every expansion: the body is data, byte for byte.
    ...(inline === undefined ? [] : [`${inline}${delimiter}`]),
    'set +m',
    `printf '%s %s\\n' ${frame('P')} "$!"`,
    // Plain `wait`: bash 5.2's `wait -f` with job control off can loop forever on
    // "wait_for: No record of process" when the job was reaped first (seen here, under load).
    `wait "$!"`,
    `printf '%s %s\\n' ${frame('S')} "$?"`,
    '',
  ].join('\n');
}

/** The worker's exit code when its bash is too old: it exits before reading a job, so nothing ran. */
export const WORKER_TOO_OLD = 125;

/**
 * The worker's own program, given to `bash -c`: a failed exec not fatal, then, until EOF,
 * one job script per `<byte length>\n<script>` read from stdin (in the C locale, where
 * `read -N` counts bytes). A job that is stopped rather than ended (SIGSTOP) is reported
 * by `wait` as 128+signal and then treated as ended: its group is killed.
 */
export const WORKER_PROGRAM = [
  // `read -N` came with bash 4.1 (macOS ships 3.2): say so before reading any job.
  `((BASH_VERSINFO[0] > 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] >= 1))) || exit ${WORKER_TOO_OLD}`,
  'shopt -s execfail',
  'while IFS= read -r _prt_n && IFS= read -r -N "$_prt_n" _prt_s; do eval "$_prt_s"; done',
].join('\n');
