import { oneLine } from '../common/errors';
import { splitWords } from '../cli/splitWords';
import { AGENT_NAMES } from '../engine/fix/agents/presets';
import { MAX_SHARDS } from '../engine/shard/shardAssignment';
import { DEFAULT_WORKERS, OPTION_BOUNDS } from '../model/options';
import { PLAN_STRATEGIES, type PlanStrategy } from '../model/plan';

/** A `/prt …` command, read into the arguments of the workflow's jobs. */
export interface CommentCommand {
  /** `prt run` arguments of every shard (`--shard I/N --emit DIR` are the job's own). */
  readonly fixArgs: readonly string[];
  /** `prt integrate` arguments. */
  readonly integrateArgs: readonly string[];
  /** Shards wanted (the plan job uses no more than the plan has lanes). */
  readonly shards: number;
  readonly workers: number;
  readonly strategy: PlanStrategy;
}

export type CommentParse = { readonly kind: 'command'; readonly command: CommentCommand } | { readonly kind: 'notACommand' } | { readonly kind: 'refused'; readonly reason: string };

/** Which job a flag is for, and what its value may be (none: a switch). */
interface FlagRule {
  readonly job: 'fix' | 'integrate' | 'workflow';
  readonly value?: RegExp | readonly string[];
  /** Flags of one group replace each other (the last one given wins). */
  readonly group?: string;
}

const whole = (min: number, max: number) => new RegExp(`^(${Array.from({ length: max - min + 1 }, (_, i) => i + min).join('|')})$`);

/**
 * The allow-list: every flag a comment may carry. Anything else — `--cwd`, `--repo`,
 * `--graphql-url`, `--agent-bin`, `--agent-args`, `--worktree-setup`, `--review` — is refused:
 * where prt runs, with what credentials and what binary is the workflow's to say, not a
 * comment's. Values are passed to prt as single arguments, never through a shell.
 */
const FLAGS: Readonly<Record<string, FlagRule>> = {
  agent: { job: 'fix', value: AGENT_NAMES, group: 'fixer' },
  exec: { job: 'fix', value: /^[^\0]+$/, group: 'fixer' },
  'apply-suggestions': { job: 'fix' },
  workers: { job: 'fix', value: whole(OPTION_BOUNDS.workers.min, OPTION_BOUNDS.workers.max) },
  jobs: { job: 'fix', value: whole(OPTION_BOUNDS.maxConcurrency.min, OPTION_BOUNDS.maxConcurrency.max) },
  strategy: { job: 'fix', value: PLAN_STRATEGIES },
  timeout: { job: 'fix', value: /^\d{1,9}(ms|s|m|h)?$/ },
  retries: { job: 'fix', value: whole(OPTION_BOUNDS.retries.min, OPTION_BOUNDS.retries.max) },
  halt: { job: 'fix', value: /^(never|(soon|now),fail=\d{1,4}%?)$/ },
  verify: { job: 'integrate', value: /^[^\0]+$/ },
  reply: { job: 'integrate', value: /^[^\0]+$/ },
  'no-resolve': { job: 'integrate' },
  commit: { job: 'integrate', group: 'commit' },
  'commit-per-thread': { job: 'integrate', group: 'commit' },
  shards: { job: 'workflow', value: whole(1, MAX_SHARDS) },
  'no-push': { job: 'workflow' },
};

/** The first line of a comment that is a `/prt` command, without `/prt`; undefined otherwise. */
export function commandLine(body: string): string | undefined {
  const first = body.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].trim();
  const m = /^\/prt(?:\s+(.*))?$/.exec(first);
  return m ? (m[1] ?? '') : undefined;
}

/**
 * Reads a comment (hostile text, even from a member: it may be pasted) into the workflow's
 * prt arguments: its first line, `/prt [run] [--flag [value]]…`, split like a shell would
 * split it but never expanded, each flag checked against the allow-list and its value
 * against the flag's form. `defaults` (the workflow's, in the same form) come first; the
 * comment's flags override them. Without `--commit`, fixes land one commit per thread, and
 * they are pushed unless `--no-push`.
 */
export function parseCommentCommand(body: string, defaults = ''): CommentParse {
  const line = commandLine(body);
  if (line === undefined) return { kind: 'notACommand' };
  const given = new Map<string, string | true>();
  for (const [source, text] of [['the workflow\'s defaults', defaults], ['the comment', line]] as const) {
    let words: string[];
    try {
      words = splitWords(text, '/prt');
    } catch (e) {
      return { kind: 'refused', reason: `${source}: ${oneLine(e)}` };
    }
    if (words[0] === 'run') words.shift();
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      const m = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(word);
      if (!m) return { kind: 'refused', reason: `${source}: "${shown(word)}" is not a flag (/prt run --agent NAME or --exec CMD, then flags)` };
      const name = m[1];
      const rule = FLAGS[name];
      if (!rule) return { kind: 'refused', reason: `${source}: --${shown(name)} is not allowed in a /prt comment (allowed: ${Object.keys(FLAGS).map((f) => `--${f}`).join(', ')})` };
      let value: string | true = true;
      if (rule.value) {
        const v = m[2] ?? words[++i];
        if (v === undefined) return { kind: 'refused', reason: `${source}: --${name} needs a value` };
        const ok = Array.isArray(rule.value) ? rule.value.includes(v) : (rule.value as RegExp).test(v);
        if (!ok) return { kind: 'refused', reason: `${source}: --${name} ${JSON.stringify(shown(v))} is not ${Array.isArray(rule.value) ? `one of ${rule.value.join(', ')}` : 'a value it takes'}` };
        value = v;
      } else if (m[2] !== undefined) {
        return { kind: 'refused', reason: `${source}: --${name} takes no value` };
      }
      if (rule.group) for (const [k] of given) if (FLAGS[k].group === rule.group) given.delete(k);
      given.set(name, value);
    }
  }
  if (!given.has('agent') && !given.has('exec') && !given.has('apply-suggestions')) {
    return { kind: 'refused', reason: 'nothing to run: say what fixes the threads, e.g. /prt run --agent claude, or /prt run --exec CMD' };
  }
  if (!given.has('commit') && !given.has('commit-per-thread')) given.set('commit-per-thread', true);
  const args = (job: FlagRule['job']) => [...given].filter(([k]) => FLAGS[k].job === job).flatMap(([k, v]) => (v === true ? [`--${k}`] : [`--${k}`, v]));
  const integrateArgs = [...args('integrate'), ...(given.has('no-push') ? [] : ['--push'])];
  return {
    kind: 'command',
    command: {
      fixArgs: args('fix'),
      integrateArgs,
      shards: Number(given.get('shards') ?? MAX_SHARDS),
      workers: Number(given.get('workers') ?? DEFAULT_WORKERS),
      strategy: (given.get('strategy') as PlanStrategy | undefined) ?? 'by-file',
    },
  };
}

/** A word of the comment as it may be shown in a reason: one line, short. */
function shown(word: string): string {
  const clean = word.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return clean.length > 60 ? `${clean.slice(0, 59)}…` : clean;
}
