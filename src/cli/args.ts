import { parseArgs, ParseArgsConfig } from 'node:util';
import { checkBounded, OPTION_BOUNDS, type BoundedOption } from '../model/options';
import { UsageError } from './usageError';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every subcommand takes. */
const COMMON: OptionSpec = {
  repo: { type: 'string' },
  pr: { type: 'string' },
  cwd: { type: 'string' },
  'graphql-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

export const COMMANDS = {
  threads: {
    summary: 'list the pull request\'s review threads',
    usage: 'prt threads [--json] [--include-resolved]',
    options: { json: { type: 'boolean' }, 'include-resolved': { type: 'boolean' } },
  },
  plan: {
    summary: 'split the unresolved threads into worker lanes',
    usage: 'prt plan [--workers K] [--strategy by-file|balanced|round-robin] [--json]',
    options: { workers: { type: 'string' }, strategy: { type: 'string' }, json: { type: 'boolean' } },
  },
  run: {
    summary: 'fix the threads in parallel, then reply to and resolve the fixed ones',
    details: [
      '  --workers K            lanes to plan (1-64, default 4); --strategy by-file|balanced|round-robin',
      '  --jobs J               jobs at once over all lanes (default 4)',
      '  --exec CMD             run per thread with sh -c in the job\'s worktree ($PRT_WORKTREE); the thread',
      '                         is in PRT_* variables and as JSON on stdin; {id} {path} {line} {worker} quoted',
      '  --agent NAME           a coding agent per thread instead of --exec: claude, codex, gemini, copilot,',
      '                         opencode (see the README\'s presets); a fix counts only when it changed a file',
      '  --agent-bin PATH --agent-args ARGS --prompt-template FILE   the agent\'s executable, extra arguments,',
      '                         and prompt ({path} {line} {startLine} {body} {conversation} {diffHunk} {url} {repo} {pr})',
      '  --isolation worktree   each job in a git worktree of its own (the default with --exec/--agent); fixes are',
      '                         cherry-picked onto the branch in plan order, a colliding one is a conflict;',
      '                         none: jobs edit the work tree in place, one file never in two jobs at once',
      '  --worktree-setup CMD   run once in each new worktree (e.g. npm ci); worktrees are reused later',
      '  --review               on a terminal: show each fix\'s diff and keep (y) or drop (n) it; a keep the rest, q drop',
      '  --apply-suggestions    apply the thread\'s ```suggestion block first',
      '  --verify CMD           run once after the fixes; when it fails nothing is resolved',
      '  --reply TEXT           reply before resolving (default "Fixed ✓"); {sha} = the commit holding the fix,',
      '                         {summary} = the first line of the agent\'s final message',
      '  --no-resolve           fix only; reply to and resolve nothing',
      '  --retries N --retry-delay MS   extra attempts with exponential backoff',
      '  --halt soon,fail=N     start no new job after N failures; now,fail=N also kills running jobs',
      '  --timeout 30s          per attempt; the job\'s whole process group is killed',
      '  --joblog FILE          GNU parallel joblog; --resume-failed reruns only what failed',
      '  --commit               one commit of the fixes (listing the threads); without it they stay as changes',
      '  --commit-per-thread    one commit per thread, in plan order, so each reply names its own commit',
      '  --push                 push the commit(s) before replying',
      '  --push-timeout 2m      a push that takes longer is killed with its children',
      '  --batch-size N --write-interval MS   threads per GitHub request (10), spacing (1000 ms)',
      '  --content-rate 80/min,500/h   pace of replies, GitHub\'s documented content-creation limits',
      '  --dry-run              show the plan and the commands; run and write nothing',
      '  --json                 the run report on stdout',
      '  --shard I/N --emit DIR plan the whole pull request, run only the lanes of shard I (lane k goes to shard',
      '                         ((k-1) mod N)+1), and write their fixes (a git bundle), a manifest and the report',
      '                         to DIR; nothing is integrated or written to GitHub: prt integrate lands them',
    ].join('\n'),
    usage:
      'prt run [--workers K] [--jobs J] [--strategy S] [--exec CMD] [--apply-suggestions] [--verify CMD]\n' +
      '        [--reply TEXT] [--no-resolve] [--retries N] [--retry-delay MS] [--halt never|soon,fail=N|now,fail=N]\n' +
      '        [--timeout 30s|5m] [--joblog FILE] [--resume-failed] [--write-interval MS] [--batch-size N]\n' +
      '        [--commit | --commit-per-thread] [--commit-message TEXT] [--push] [--push-timeout 2m]\n' +
      '        [--agent NAME] [--agent-bin PATH] [--agent-args ARGS] [--prompt-template FILE]\n' +
      '        [--isolation worktree|none] [--worktree-setup CMD] [--review] [--content-rate N/min,M/h]\n' +
      '        [--dry-run] [--json] [--shard I/N --emit DIR]',
    options: {
      workers: { type: 'string' },
      jobs: { type: 'string' },
      strategy: { type: 'string' },
      exec: { type: 'string' },
      'apply-suggestions': { type: 'boolean' },
      verify: { type: 'string' },
      reply: { type: 'string' },
      'no-resolve': { type: 'boolean' },
      retries: { type: 'string' },
      'retry-delay': { type: 'string' },
      halt: { type: 'string' },
      timeout: { type: 'string' },
      joblog: { type: 'string' },
      'resume-failed': { type: 'boolean' },
      'write-interval': { type: 'string' },
      'batch-size': { type: 'string' },
      commit: { type: 'boolean' },
      'commit-per-thread': { type: 'boolean' },
      isolation: { type: 'string' },
      agent: { type: 'string' },
      'agent-bin': { type: 'string' },
      'agent-args': { type: 'string' },
      'prompt-template': { type: 'string' },
      'worktree-setup': { type: 'string' },
      review: { type: 'boolean' },
      'commit-message': { type: 'string' },
      push: { type: 'boolean' },
      'push-timeout': { type: 'string' },
      'content-rate': { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      shard: { type: 'string' },
      emit: { type: 'string' },
    },
  },
  integrate: {
    summary: 'land the fixes of a sharded run (the folders prt run --shard I/N --emit DIR wrote)',
    details: [
      '  DIR…                   one emit folder per shard; they must be the shards of one run (same repository,',
      '                         pull request, base commit and plan, each shard once)',
      '  --verify CMD           run once after the fixes are integrated; when it fails nothing is resolved',
      '  --commit               one commit of the fixes; --commit-per-thread one per thread, in plan order',
      '  --commit-message TEXT  the subject of --commit\'s commit',
      '  --push                 push the commit(s) before replying; --push-timeout 2m bounds it',
      '  --reply TEXT           reply before resolving (default "Fixed ✓"); {sha} {summary} as prt run',
      '  --no-resolve           integrate only; reply to and resolve nothing',
      '  --batch-size N --write-interval MS --content-rate N/min,M/h   the write lane, as prt run',
      '  --json                 the report on stdout (the format of prt run --json)',
    ].join('\n'),
    usage:
      'prt integrate DIR… [--verify CMD] [--commit | --commit-per-thread] [--commit-message TEXT] [--push]\n' +
      '        [--push-timeout 2m] [--reply TEXT] [--no-resolve] [--write-interval MS] [--batch-size N]\n' +
      '        [--content-rate N/min,M/h] [--json]',
    positionals: true,
    options: {
      verify: { type: 'string' },
      reply: { type: 'string' },
      'no-resolve': { type: 'boolean' },
      commit: { type: 'boolean' },
      'commit-per-thread': { type: 'boolean' },
      'commit-message': { type: 'string' },
      push: { type: 'boolean' },
      'push-timeout': { type: 'string' },
      'write-interval': { type: 'string' },
      'batch-size': { type: 'string' },
      'content-rate': { type: 'string' },
      json: { type: 'boolean' },
    },
  },
  clean: {
    summary: 'remove the worktrees and saved patches prt keeps for the repository',
    usage: 'prt clean',
    options: {},
  },
  resolve: {
    summary: 'reply to and resolve the given threads',
    usage: 'prt resolve --thread ID [--thread ID …] [--reply TEXT] [--write-interval MS] [--batch-size N] [--content-rate N/min,M/h] [--json]',
    options: {
      thread: { type: 'string', multiple: true },
      reply: { type: 'string' },
      'write-interval': { type: 'string' },
      'batch-size': { type: 'string' },
      'content-rate': { type: 'string' },
      json: { type: 'boolean' },
    },
  },
} satisfies Record<string, { summary: string; usage: string; details?: string; positionals?: boolean; options: OptionSpec }>;

export type CommandName = keyof typeof COMMANDS;

/** Parsed command line: the subcommand and its option values as given. */
export interface ParsedArgs {
  readonly command: CommandName | 'help' | 'version';
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  /** The words that are not options (only commands that take them: `prt integrate DIR…`). */
  readonly positionals: readonly string[];
}

const COMMON_USAGE =
  'Common options: --repo OWNER/NAME  --pr N  --cwd DIR  --graphql-url URL\n' +
  'Token: GITHUB_TOKEN, else GH_TOKEN, else `gh auth token`. Endpoint: --graphql-url, else GITHUB_GRAPHQL_URL.\n' +
  'Exit codes: 0 success, 1 a thread failed, 2 usage/configuration/auth/network error.';

/** The top-level help text. */
export function helpText(command?: CommandName): string {
  if (command) {
    const c: { usage: string; details?: string } = COMMANDS[command];
    return `usage: ${c.usage}\n${c.details ? `\n${c.details}\n` : ''}\n${COMMON_USAGE}\n`;
  }
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: prt <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n${COMMON_USAGE}\nRun \`prt <command> --help\` for a command's options.\n`;
}

/**
 * Parses `argv` (without node and script).
 * @throws UsageError naming the bad word and pointing at --help.
 */
export function parseCommandLine(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    return { command: 'help', values: {}, positionals: [] };
  }
  if (first === '--version' || first === '-V') return { command: 'version', values: {}, positionals: [] };
  if (!(first in COMMANDS)) {
    throw new UsageError(`unknown command "${first}": use one of ${Object.keys(COMMANDS).join(', ')} (prt --help)`);
  }
  const command = first as CommandName;
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: { ...COMMON, ...COMMANDS[command].options },
      strict: true,
      allowPositionals: true,
    });
    const spec = COMMANDS[command] as { positionals?: boolean };
    if (positionals.length > 0 && !spec.positionals) {
      throw new UsageError(`unexpected argument "${positionals[0]}" for prt ${command} (prt ${command} --help)`);
    }
    return { command, values: values as ParsedArgs['values'], positionals };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // node:util reports unknown options and missing values with a code; turn them into one line.
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new UsageError(`${msg.replace(/\. To specify a positional argument.*$/, '')} (prt ${command} --help)`);
  }
}

/**
 * Reads a whole-number flag within the option's bounds (written once, in model/options).
 * @throws UsageError naming the flag and the range.
 */
export function intOption(value: unknown, flag: string, option: BoundedOption, fallback: number): number {
  if (value === undefined) return fallback;
  const text = String(value).trim();
  const { min, max } = OPTION_BOUNDS[option];
  if (!/^\d+$/.test(text)) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max} (got "${String(value)}")`);
  try {
    return checkBounded(option, Number(text), `--${flag}`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
