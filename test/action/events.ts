import { SAMPLE } from '../cli/harness/workspace';

/** Who wrote a comment, as GitHub's webhook payload says it. */
export interface Commenter {
  readonly login: string;
  readonly association: 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'FIRST_TIME_CONTRIBUTOR' | 'FIRST_TIMER' | 'NONE';
  readonly type?: 'User' | 'Bot';
}

/**
 * An `issue_comment` event as GitHub delivers it to a workflow (the webhook payload's fields
 * the runner writes to GITHUB_EVENT_PATH), for a comment on the sample pull request acme/app#1
 * — or, with `onIssue`, on an issue.
 */
export function issueCommentEvent(body: string, by: Commenter, o: { readonly action?: string; readonly onIssue?: boolean; readonly commentId?: number } = {}): object {
  const repo = `${SAMPLE.owner}/${SAMPLE.name}`;
  const n = SAMPLE.number;
  const id = o.commentId ?? 1900000001;
  const user = { login: by.login, id: 5000001, node_id: 'MDQ6VXNlcjUwMDAwMDE=', type: by.type ?? 'User', site_admin: false, html_url: `https://github.com/${by.login}` };
  return {
    action: o.action ?? 'created',
    issue: {
      url: `https://api.github.com/repos/${repo}/issues/${n}`,
      repository_url: `https://api.github.com/repos/${repo}`,
      html_url: `https://github.com/${repo}/${o.onIssue ? 'issues' : 'pull'}/${n}`,
      id: 2100000001,
      node_id: 'PR_kwDOAAAAAc5AAAAB',
      number: n,
      title: 'Sample change',
      user: { login: 'octo-dev', id: 5000002, type: 'User' },
      labels: [],
      state: 'open',
      locked: false,
      comments: 0,
      author_association: 'MEMBER',
      ...(o.onIssue
        ? {}
        : { pull_request: { url: `https://api.github.com/repos/${repo}/pulls/${n}`, html_url: `https://github.com/${repo}/pull/${n}`, diff_url: `https://github.com/${repo}/pull/${n}.diff`, patch_url: `https://github.com/${repo}/pull/${n}.patch`, merged_at: null } }),
      body: 'A sample change.',
    },
    comment: {
      url: `https://api.github.com/repos/${repo}/issues/comments/${id}`,
      html_url: `https://github.com/${repo}/pull/${n}#issuecomment-${id}`,
      issue_url: `https://api.github.com/repos/${repo}/issues/${n}`,
      id,
      node_id: 'IC_kwDOAAAAAc5xAAAB',
      user,
      created_at: '2026-12-02T18:00:00Z',
      updated_at: '2026-12-02T18:00:00Z',
      author_association: by.association,
      body,
      reactions: { url: `https://api.github.com/repos/${repo}/issues/comments/${id}/reactions`, total_count: 0 },
      performed_via_github_app: null,
    },
    repository: {
      id: 700000001,
      node_id: 'R_kgDOAAAAAQ',
      name: SAMPLE.name,
      full_name: repo,
      private: false,
      owner: { login: SAMPLE.owner, id: 5000003, type: 'Organization' },
      html_url: `https://github.com/${repo}`,
      default_branch: 'main',
    },
    organization: { login: SAMPLE.owner, id: 5000003 },
    sender: user,
  };
}
