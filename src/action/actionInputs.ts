import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { UserFacingError } from '../common/errors';
import { MANIFEST_FILE } from '../engine/shard/shardManifest';

/** The action's inputs, as the runner passes them: `INPUT_<NAME>` (upper case, spaces as `_`), trimmed like @actions/core does. */
export class ActionInputs {
  constructor(private readonly _env: NodeJS.ProcessEnv) {}

  get(name: string): string {
    return (this._env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
  }

  /**
   * A `true`/`false` input (YAML 1.2 core schema, as @actions/core reads them); `fallback` when empty.
   * @throws UserFacingError for anything else.
   */
  bool(name: string, fallback: boolean): boolean {
    const v = this.get(name);
    if (v === '') return fallback;
    if (['true', 'True', 'TRUE'].includes(v)) return true;
    if (['false', 'False', 'FALSE'].includes(v)) return false;
    throw new UserFacingError(`input ${name} must be true or false (got "${v}")`);
  }

  /** The non-empty lines of a multi-line input. */
  lines(name: string): string[] {
    return this.get(name).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  }

  /**
   * A JSON array of strings (the plan job's `fix-args`/`integrate-args` output); [] when empty.
   * @throws UserFacingError for anything else.
   */
  words(name: string): string[] {
    const v = this.get(name);
    if (v === '') return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(v);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((w) => typeof w === 'string')) {
      throw new UserFacingError(`input ${name} must be a JSON array of strings, e.g. ["--agent", "claude"] (the plan job's outputs are)`);
    }
    return parsed as string[];
  }
}

/** Inputs of `prt run` that are flags with a value: input name → flag. */
const RUN_VALUES = ['exec', 'agent', 'agent-bin', 'agent-args', 'prompt-template', 'workers', 'jobs', 'strategy', 'verify', 'reply', 'timeout', 'retries', 'retry-delay', 'halt', 'isolation', 'worktree-setup', 'joblog', 'shard', 'emit', 'commit-message', 'content-rate', 'write-interval', 'batch-size', 'push-timeout'];
const INTEGRATE_VALUES = ['verify', 'reply', 'commit-message', 'content-rate', 'write-interval', 'batch-size', 'push-timeout'];
const COMMON_VALUES = ['repo', 'pr', 'working-directory'];

function valueFlags(inputs: ActionInputs, names: readonly string[]): string[] {
  return names.flatMap((n) => {
    const v = inputs.get(n);
    if (v === '') return [];
    return [n === 'working-directory' ? '--cwd' : `--${n}`, v];
  });
}

/**
 * @throws UserFacingError for a commit mode that is not off, one or per-thread.
 */
function commitFlags(inputs: ActionInputs): string[] {
  const mode = inputs.get('commit') || 'off';
  if (mode === 'off') return [];
  if (mode === 'one') return ['--commit'];
  if (mode === 'per-thread') return ['--commit-per-thread'];
  throw new UserFacingError(`input commit must be off, one or per-thread (got "${mode}")`);
}

/** `prt run` arguments from the inputs (`args`, the plan job's, come last). */
export function runArgs(inputs: ActionInputs): string[] {
  return [
    'run',
    ...valueFlags(inputs, [...COMMON_VALUES, ...RUN_VALUES]),
    ...(inputs.bool('apply-suggestions', false) ? ['--apply-suggestions'] : []),
    ...(inputs.bool('dry-run', false) ? ['--dry-run'] : []),
    ...(inputs.bool('resolve', true) ? [] : ['--no-resolve']),
    ...commitFlags(inputs),
    ...(inputs.bool('push', false) ? ['--push'] : []),
    ...inputs.words('args'),
  ];
}

/**
 * `prt integrate` arguments from the inputs: the `dirs` lines, each an emit folder or a
 * folder of them (download-artifact puts each artifact in a folder of its own).
 * @throws UserFacingError when `dirs` names nothing.
 */
export function integrateArgs(inputs: ActionInputs): string[] {
  const dirs = inputs.lines('dirs').flatMap(expandShardFolders);
  if (dirs.length === 0) throw new UserFacingError('input dirs names no shard folder: give the folder the fix jobs\' artifacts were downloaded to');
  return [
    'integrate',
    ...dirs,
    ...valueFlags(inputs, [...COMMON_VALUES, ...INTEGRATE_VALUES]),
    ...(inputs.bool('resolve', true) ? [] : ['--no-resolve']),
    ...commitFlags(inputs),
    ...(inputs.bool('push', false) ? ['--push'] : []),
    ...inputs.words('args'),
  ];
}

/** A folder holding a manifest is one shard's; otherwise its sub-folders that hold one are, in name order. */
export function expandShardFolders(dir: string): string[] {
  if (existsSync(path.join(dir, MANIFEST_FILE)) || !existsSync(dir) || !statSync(dir).isDirectory()) return [dir];
  const subs = readdirSync(dir)
    .sort()
    .map((n) => path.join(dir, n))
    .filter((p) => existsSync(path.join(p, MANIFEST_FILE)));
  return subs.length ? subs : [dir];
}

/**
 * The environment prt runs in: the runner's, without what must never reach a fixer — the
 * action's inputs (`INPUT_GITHUB-TOKEN` holds the token) and the runner's own credentials
 * (ACTIONS_RUNTIME_TOKEN, the OIDC request token) — and with the token prt itself uses.
 */
export function cliEnv(env: NodeJS.ProcessEnv, token: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('INPUT_') || k === 'ACTIONS_RUNTIME_TOKEN' || k.startsWith('ACTIONS_ID_TOKEN_REQUEST_') || k === 'ACTIONS_RUNTIME_URL' || k === 'ACTIONS_CACHE_URL' || k === 'ACTIONS_RESULTS_URL') continue;
    out[k] = v;
  }
  if (token) out.GITHUB_TOKEN = token;
  return out;
}
