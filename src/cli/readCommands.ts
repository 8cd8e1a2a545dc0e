import { DEFAULT_WORKERS } from '../model/options';
import { parseStrategy, parseWorkers, planThreads } from '../engine/plan/planner';
import { PlanStrategy } from '../model/plan';
import { fetchPullRequestWithThreads } from '../github/threads';
import { CliIo, writeLines } from './io';
import { formatPlan, planJson } from './planCommand';
import { openSession, resolvePullRequestNumber, Session } from './session';
import { formatThreads, threadsJson } from './threadsCommand';

type Values = Readonly<Record<string, string | boolean | string[] | undefined>>;

export interface PlanCliOptions {
  readonly workers: number;
  readonly strategy: PlanStrategy;
}

/**
 * Validates --workers/--strategy before anything touches the network.
 * @throws UserFacingError
 */
export function parsePlanOptions(values: Values): PlanCliOptions {
  return {
    workers: values.workers === undefined ? DEFAULT_WORKERS : parseWorkers(String(values.workers)),
    strategy: values.strategy === undefined ? 'by-file' : parseStrategy(String(values.strategy)),
  };
}

/** Opens the session and reads the PR with its threads. */
export async function loadPullRequest(values: Values, io: CliIo, includeResolved = false) {
  const session: Session = await openSession({
    repo: values.repo as string | undefined,
    cwd: values.cwd as string | undefined,
    graphqlUrl: values['graphql-url'] as string | undefined,
    env: io.env,
  });
  const number = await resolvePullRequestNumber(session, values.pr as string | undefined, io.signal);
  const { pullRequest, threads } = await fetchPullRequestWithThreads(
    session.client,
    { owner: session.owner, repo: session.repo, number },
    { includeResolved, signal: io.signal },
  );
  return { session, pullRequest, threads };
}

/** `prt threads`. */
export async function runThreads(values: Values, io: CliIo): Promise<number> {
  const includeResolved = values['include-resolved'] === true;
  const { pullRequest, threads } = await loadPullRequest(values, io, includeResolved);
  if (values.json) {
    io.stdout.write(`${threadsJson(threads)}\n`);
  } else if (threads.length === 0) {
    io.stdout.write(`nothing to do: ${pullRequest.owner}/${pullRequest.repo}#${pullRequest.number} has no unresolved review threads\n`);
  } else {
    writeLines(io.stdout, formatThreads(pullRequest, threads, includeResolved));
  }
  return 0;
}

/** `prt plan`. */
export async function runPlan(values: Values, io: CliIo): Promise<number> {
  const options = parsePlanOptions(values);
  const { pullRequest, threads } = await loadPullRequest(values, io);
  const plan = planThreads(threads, options);
  if (values.json) {
    io.stdout.write(`${planJson(plan)}\n`);
  } else if (threads.length === 0) {
    io.stdout.write(`nothing to do: ${pullRequest.owner}/${pullRequest.repo}#${pullRequest.number} has no unresolved review threads\n`);
  } else {
    writeLines(io.stdout, formatPlan(plan, threads));
  }
  return 0;
}
