import { openSession } from '../cli/session';
import type { CliIo } from '../cli/io';
import { planThreads } from '../engine/plan/planner';
import { shardOfLane, usefulShardCount } from '../engine/shard/shardAssignment';
import { getPullRequestOrigin } from '../github/pullRequestOrigin';
import { fetchPullRequestWithThreads } from '../github/threads';
import { parseCommentCommand } from './commentCommand';
import { gateEvent, readEvent } from './eventGate';
import { markdownCell, markdownTable } from './markdown';
import { appendSummary, setOutput } from './workflowCommands';
import type { ActionInputs } from './actionInputs';

/** What the plan job hands the others (its outputs). */
export interface PlanOutputs {
  readonly run: boolean;
  readonly reason: string;
  readonly pr?: number;
  readonly headRef?: string;
  readonly headSha?: string;
  readonly shards?: number;
  readonly fixArgs?: readonly string[];
  readonly integrateArgs?: readonly string[];
}

/**
 * The plan job: decides whether the comment may start a run — the event (a new `/prt`
 * comment on a pull request by an owner, member or collaborator), the command (the
 * allow-list), and through the API the pull request (open, and not from a fork) — then plans
 * the threads as every shard will and picks the shard count. Writes nothing to GitHub.
 * @returns 0, also when nothing is to run (`run=false` and the reason are the outputs).
 * @throws UserFacingError when GitHub cannot be read.
 */
export async function planMode(inputs: ActionInputs, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const out = await decide(inputs, io, env);
  const outputs: Record<string, string> = {
    run: String(out.run),
    reason: out.reason,
    pr: out.pr ? String(out.pr) : '',
    'head-ref': out.headRef ?? '',
    'head-sha': out.headSha ?? '',
    'shard-count': String(out.shards ?? 0),
    shards: JSON.stringify(Array.from({ length: out.shards ?? 0 }, (_, i) => i + 1)),
    'fix-args': JSON.stringify(out.fixArgs ?? []),
    'integrate-args': JSON.stringify(out.integrateArgs ?? []),
  };
  for (const [k, v] of Object.entries(outputs)) setOutput(env.GITHUB_OUTPUT, k, v);
  io.stdout.write(`prt plan: ${out.run ? 'run' : 'nothing to run'}: ${out.reason}\n`);
  return 0;
}

async function decide(inputs: ActionInputs, io: CliIo, env: NodeJS.ProcessEnv): Promise<PlanOutputs> {
  const stop = (reason: string): PlanOutputs => {
    appendSummary(env.GITHUB_STEP_SUMMARY, `### PR Thread Runner: nothing to run\n\n${markdownCell(reason, 1000)}\n`);
    return { run: false, reason };
  };
  const gate = gateEvent(env.GITHUB_EVENT_NAME, readEvent(env.GITHUB_EVENT_PATH));
  if (gate.kind === 'stop') return stop(gate.reason);
  const parsed = parseCommentCommand(gate.comment.body, inputs.get('defaults'));
  if (parsed.kind === 'notACommand') return stop('the comment is not a /prt command');
  if (parsed.kind === 'refused') return stop(`the /prt command was refused: ${parsed.reason}`);
  const { command } = parsed;
  const [owner, repo] = gate.comment.repo.split('/');
  const session = await openSession({ repo: gate.comment.repo, env, requireRepo: false });
  try {
    const origin = await getPullRequestOrigin(session.client, owner, repo, gate.comment.pr, { signal: io.signal });
    if (origin.fromFork) {
      return stop(`#${origin.number} comes from ${origin.headRepository ?? 'a deleted repository'}, a fork: nothing runs with this repository's secrets on a fork's code`);
    }
    if (origin.state !== 'OPEN') return stop(`#${origin.number} is ${origin.state.toLowerCase()}, not open`);
    const { threads } = await fetchPullRequestWithThreads(session.client, { owner, repo, number: origin.number }, { signal: io.signal });
    if (threads.length === 0) return stop(`#${origin.number} has no unresolved review threads: nothing to do`);
    const plan = planThreads(threads, { workers: command.workers, strategy: command.strategy });
    const shards = usefulShardCount(plan, command.shards);
    const rows = plan.lanes.map((l, i) => [l.name, String(shardOfLane(i + 1, shards)), String(l.threads.length)]);
    appendSummary(
      env.GITHUB_STEP_SUMMARY,
      `### PR Thread Runner: ${threads.length} threads of #${origin.number} in ${plan.lanes.length} lanes, ${shards} shard${shards === 1 ? '' : 's'}\n\n${markdownTable(['Lane', 'Shard', 'Threads'], rows)}\n`,
    );
    const reason = `${gate.comment.author}'s /prt on #${origin.number}: ${threads.length} threads, ${shards} shard${shards === 1 ? '' : 's'}`;
    return { run: true, reason, pr: origin.number, headRef: origin.headRefName, headSha: origin.headRefOid, shards, fixArgs: command.fixArgs, integrateArgs: command.integrateArgs };
  } finally {
    session.client.dispose();
  }
}
