import { oneLine } from '../common/errors';
import type { CliIo } from '../cli/io';
import { openSession } from '../cli/session';
import { addPullRequestComment, getPullRequestOrigin } from '../github/pullRequestOrigin';
import { gateEvent, readEvent } from './eventGate';
import { annotation } from './workflowCommands';

/** The workflow run's page, from what the runner sets; undefined outside a runner. */
export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
}

/**
 * Answers the `/prt` comment that started the workflow — `what` (Markdown, already escaped
 * where it holds hostile text) and a link to the run — when the event is one that may start a
 * run (the gate's rules: nobody else's comment is ever answered). A comment that cannot be
 * posted is a warning, not a failure: the threads' own replies are what matters.
 */
export async function answerComment(io: CliIo, env: NodeJS.ProcessEnv, what: string): Promise<void> {
  if (env.GITHUB_EVENT_NAME !== 'issue_comment' || !env.GITHUB_EVENT_PATH) return;
  const gate = gateEvent(env.GITHUB_EVENT_NAME, readEvent(env.GITHUB_EVENT_PATH));
  if (gate.kind === 'stop') return;
  const { repo, pr, url } = gate.comment;
  const run = runUrl(env);
  const body = [
    `**PR Thread Runner**: ${what.replace(/[\u0000-\u001f]+/g, ' ')}`,
    '',
    [url ? `In answer to [this /prt comment](${url}).` : '', run ? `[The workflow run](${run}) has the details.` : ''].filter(Boolean).join(' '),
  ].join('\n');
  const [owner, name] = repo.split('/');
  try {
    const session = await openSession({ repo, env, requireRepo: false });
    try {
      const origin = await getPullRequestOrigin(session.client, owner, name, pr, { signal: io.signal });
      await addPullRequestComment(session.client, origin.id, body, { signal: io.signal });
    } finally {
      session.client.dispose();
    }
  } catch (e) {
    io.stdout.write(`${annotation('warning', `could not answer the /prt comment: ${oneLine(e)}`, { title: 'PR Thread Runner' })}\n`);
  }
}
