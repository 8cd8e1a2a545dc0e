import { readFileSync } from 'node:fs';
import { UserFacingError } from '../common/errors';
import { commandLine } from './commentCommand';

/** The author associations whose `/prt` comments start a run. */
export const TRUSTED_ASSOCIATIONS: readonly string[] = ['OWNER', 'MEMBER', 'COLLABORATOR'];

/** The parts of an `issue_comment` event the workflow reads (GitHub's webhook payload). */
export interface IssueCommentEvent {
  readonly action?: string;
  readonly issue?: { readonly number?: number; readonly pull_request?: unknown };
  readonly comment?: { readonly id?: number; readonly body?: string; readonly html_url?: string; readonly author_association?: string; readonly user?: { readonly login?: string; readonly type?: string } };
  readonly repository?: { readonly full_name?: string };
}

/** A `/prt` comment that may start a run. */
export interface TriggeringComment {
  readonly repo: string;
  readonly pr: number;
  readonly body: string;
  readonly author: string;
  readonly url?: string;
}

export type GateOutcome = { readonly kind: 'pass'; readonly comment: TriggeringComment } | { readonly kind: 'stop'; readonly reason: string };

/**
 * Decides from the event alone whether a comment may start a run: a newly created comment on
 * a pull request, whose first line is a `/prt` command, by the repository's owner, a member of
 * its organization or a collaborator — and not by a bot. (Whether the pull request comes from
 * a fork needs the API: the plan job asks.)
 */
export function gateEvent(eventName: string | undefined, event: IssueCommentEvent): GateOutcome {
  if (eventName !== 'issue_comment') return { kind: 'stop', reason: `the workflow was started by ${eventName ? `a ${eventName} event` : 'no event'}, not a /prt comment` };
  if (event.action !== 'created') return { kind: 'stop', reason: `the comment was ${event.action ?? 'changed'}, not created: only a new comment starts a run` };
  if (!event.issue?.pull_request) return { kind: 'stop', reason: 'the comment is on an issue, not a pull request' };
  const body = event.comment?.body ?? '';
  if (commandLine(body) === undefined) return { kind: 'stop', reason: 'the comment is not a /prt command' };
  const association = event.comment?.author_association ?? 'NONE';
  if (!TRUSTED_ASSOCIATIONS.includes(association)) {
    return { kind: 'stop', reason: `the comment's author is ${association}, not ${TRUSTED_ASSOCIATIONS.join(', ')}: their /prt comments start nothing` };
  }
  if (event.comment?.user?.type === 'Bot') return { kind: 'stop', reason: 'the comment is a bot\'s: bots\' /prt comments start nothing' };
  const repo = event.repository?.full_name;
  const pr = event.issue.number;
  if (!repo || !/^[^/\s]+\/[^/\s]+$/.test(repo) || !Number.isSafeInteger(pr) || (pr ?? 0) < 1) return { kind: 'stop', reason: 'the event names no repository or pull request' };
  return { kind: 'pass', comment: { repo, pr: pr!, body, author: event.comment?.user?.login ?? 'someone', url: event.comment?.html_url } };
}

/**
 * Reads the event the runner wrote to `$GITHUB_EVENT_PATH`.
 * @throws UserFacingError when there is no readable JSON event.
 */
export function readEvent(file: string | undefined): IssueCommentEvent {
  if (!file) throw new UserFacingError('GITHUB_EVENT_PATH is not set: the plan mode runs in a GitHub Actions job started by an issue_comment event');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as IssueCommentEvent;
  } catch (e) {
    throw new UserFacingError(`cannot read the event in GITHUB_EVENT_PATH (${(e as NodeJS.ErrnoException).code ?? 'not JSON'})`);
  }
}
