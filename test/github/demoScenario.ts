import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_BASE_FILES, DEMO_FILES } from './demoFiles';
import { splitLines } from './diffHunk';
import type { GitHubStore } from './store';
import type { StoredPullRequest } from './storeModel';

export { DEMO_BASE_FILES, DEMO_FILES } from './demoFiles';

/** The demo pull request: acme/widgets#42. */
export const DEMO = Object.freeze({
  owner: 'acme',
  name: 'widgets',
  number: 42,
  headRefName: 'feature/retry-budget',
  baseRefName: 'main',
  title: 'Add a retry budget to the HTTP client',
  author: 'octo-dev',
  remoteUrl: 'https://github.com/acme/widgets.git',
  /** The sha createDemoRepo's head commit always gets (fixed content, identity and dates). */
  headRefOid: 'e0e9135726fc792a29d2df89983c41b764da5253',
});

type Comments = [author: string | null, body: string][];

interface DemoThread {
  path: string;
  /** Text of the (first) commented line; must occur once in the file. Absent when outdated. */
  anchor?: string;
  /** Lines in the range (a multi-line comment when > 1). */
  span?: number;
  comments: Comments;
  resolved?: boolean;
  /** An outdated thread: its code is gone from head, so it carries its own old hunk. */
  outdated?: { originalLine: number; diffHunk: string };
}

function suggestion(prose: string, lines: string[]): string {
  return [prose, '', '```suggestion', ...lines, '```'].join('\n');
}

const THREADS: DemoThread[] = [
  {
    path: 'src/retryBudget.js',
    anchor: '    this.ratio = options.ratio || 0.1;',
    span: 2,
    comments: [['coderabbitai[bot]', suggestion('⚠️ **Potential issue**\n\n`||` treats an explicit `ratio: 0` or `minPerSecond: 0` as unset. Use nullish coalescing.', ['    this.ratio = options.ratio ?? 0.1;', '    this.minPerSecond = options.minPerSecond ?? 10;'])]],
  },
  {
    path: 'src/retryBudget.js',
    anchor: '    this.tokens = this.tokens + this.ratio;',
    comments: [['copilot-pull-request-reviewer[bot]', suggestion('Consider the compound assignment operator for readability.', ['    this.tokens += this.ratio;'])]],
  },
  {
    path: 'src/retryBudget.js',
    anchor: '    this.tokens = this.tokens + elapsed * this.minPerSecond;',
    comments: [['coderabbitai[bot]', suggestion('🛠️ **Refactor suggestion**\n\nAfter a long idle period the bucket grows without bound, which defeats the budget. Cap it.', ['    this.tokens = Math.min(this.minPerSecond * 10, this.tokens + elapsed * this.minPerSecond);'])]],
  },
  {
    path: 'src/retryBudget.js',
    anchor: '  refill() {',
    comments: [['mona', '`refill()` is only used internally. Could it be a private `#refill()` so callers do not depend on it?']],
  },
  {
    path: 'src/backoff.js',
    anchor: '  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);',
    comments: [['jsmith', suggestion('`attempt` is 1-based, so the first retry already waits up to `2 * baseMs`. The exponent should be `attempt - 1`.', ['  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));'])]],
  },
  {
    path: 'src/backoff.js',
    anchor: 'function sleep(ms) {',
    span: 3,
    comments: [['copilot-pull-request-reviewer[bot]', '`sleep` cannot be cancelled. Accepting an `AbortSignal` would let `send()` stop waiting when the caller gives up.']],
  },
  {
    path: 'src/httpClient.js',
    anchor: 'const RETRYABLE = new Set([502, 503, 504]);',
    comments: [['jsmith', suggestion('429 is transient too (the server asks us to slow down).', ['const RETRYABLE = new Set([429, 502, 503, 504]);'])]],
  },
  {
    path: 'src/httpClient.js',
    anchor: "      console.log('sending', request.method, request.url, 'attempt', attempt);",
    comments: [['copilot-pull-request-reviewer[bot]', suggestion('Debug logging left in the request path; it also prints URLs that may carry tokens.', [])]],
  },
  {
    path: 'src/httpClient.js',
    anchor: '      if (!this.budget.tryRetry()) return response;',
    comments: [
      ['mona', 'When the budget runs out we return the 503 as if nothing happened. Should callers be able to tell "budget exhausted" apart from a plain 503?'],
      ['octo-dev', "I'd rather keep returning the last response: callers already handle 503. Happy to add a marker though."],
      ['mona', 'A marker works for me, e.g. `response.retryBudgetExhausted = true`. Can you add it with a test?'],
    ],
  },
  {
    path: 'src/httpClient.js',
    outdated: {
      originalLine: 22,
      diffHunk: [
        '@@ -17,6 +17,9 @@ class HttpClient {',
        '   async send(request) {',
        '+    const deadline = Date.now() + this.config.timeoutMs;',
        '     let attempt = 0;',
        '     for (;;) {',
        '       attempt++;',
        '+      if (Date.now() > deadline) throw new Error(`timed out after ${attempt} attempts`);',
      ].join('\n'),
    },
    comments: [['jsmith', 'This throws a plain `Error`; callers cannot tell a timeout from a bug. A `TimeoutError` class would help.']],
  },
  {
    path: 'src/config.js',
    anchor: '    maxRetries: parseInt(env.WIDGETS_MAX_RETRIES) || DEFAULTS.maxRetries,',
    comments: [['coderabbitai[bot]', suggestion('🧹 **Nitpick**\n\nPass a radix to `parseInt`.', ['    maxRetries: parseInt(env.WIDGETS_MAX_RETRIES, 10) || DEFAULTS.maxRetries,'])]],
  },
  {
    path: 'src/config.js',
    anchor: '  maxMs: 5000,',
    comments: [['jsmith', 'Five seconds feels long for an interactive client. What does the Widgets API promise as its p99?']],
  },
  {
    path: 'src/config.js',
    anchor: '  baseMs: 100,',
    resolved: true,
    comments: [
      ['mona', 'Why 100 ms?'],
      ['octo-dev', 'It matches the mobile client; documented in the README now.'],
    ],
  },
  {
    path: 'README.md',
    anchor: 'Transient failures (502, 503, 504) are retried with exponential backoff and full',
    comments: [['jsmith', suggestion('Once 429 is retried, say so here.', ['Transient failures (429, 502, 503, 504) are retried with exponential backoff and full'])]],
  },
  {
    path: 'test/retryBudget.test.js',
    anchor: "test('backoff never waits longer than maxMs', () => {",
    comments: [['mona', 'Please add a case for `ratio: 0` once the `??` change lands; it is the bug the bot found.']],
  },
];

/** 1-based line of the one line equal to `anchor`. */
function lineOf(path: string, anchor: string): number {
  const lines = splitLines(DEMO_FILES[path] ?? '');
  const hits = lines.flatMap((l, i) => (l === anchor ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`demo anchor must match one line of ${path}, matched ${hits.length}: ${anchor}`);
  return hits[0];
}

/**
 * Seeds the demo PR: 14 unresolved threads over six files by two people and two AI
 * bots (suggestions single-line, multi-line and empty, prose, a conversation, an
 * outdated thread) plus one resolved thread. Suggestion ranges match DEMO_FILES.
 */
export function seedDemo(store: GitHubStore): StoredPullRequest {
  const pr = store.addPullRequest(DEMO, {
    number: DEMO.number,
    title: DEMO.title,
    headRefName: DEMO.headRefName,
    baseRefName: DEMO.baseRefName,
    author: DEMO.author,
    headRefOid: DEMO.headRefOid,
    files: { ...DEMO_FILES },
    createdAt: '2024-05-06T08:30:00Z',
  });
  let minute = 0;
  const at = () => new Date(Date.parse('2024-05-06T10:00:00Z') + 60_000 * (minute += 7)).toISOString().replace('.000Z', 'Z');
  for (const t of THREADS) {
    const first = t.anchor === undefined ? null : lineOf(t.path, t.anchor);
    const last = first === null ? null : first + (t.span ?? 1) - 1;
    store.addThread(DEMO, {
      path: t.path,
      line: last,
      startLine: first !== null && last !== first ? first : null,
      originalLine: t.outdated?.originalLine,
      isOutdated: t.outdated !== undefined,
      diffHunk: t.outdated?.diffHunk,
      isResolved: t.resolved,
      resolvedBy: t.resolved ? DEMO.author : undefined,
      comments: t.comments.map(([author, body]) => ({ author, body, createdAt: at() })),
    });
  }
  return pr;
}

/**
 * Writes the demo project into `dir` as a git repository: a base commit on `main`, then
 * branch `feature/retry-budget` with the PR's head commit (files equal DEMO_FILES),
 * a local user name and email, and `origin` pointing at acme/widgets on GitHub.
 * Commit dates are fixed, so the head commit's sha is always the same.
 * @throws Error when git is missing or fails.
 */
export async function createDemoRepo(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const git = (args: string[], date?: string) => runGit(dir, args, date);
  await git(['init', '--quiet', '--initial-branch', DEMO.baseRefName]);
  await git(['config', 'user.name', 'Octo Dev']);
  await git(['config', 'user.email', 'octo-dev@users.noreply.github.com']);
  await git(['config', 'commit.gpgsign', 'false']);
  await writeFiles(dir, DEMO_BASE_FILES);
  await git(['add', '--all']);
  await git(['commit', '--quiet', '--no-verify', '-m', 'Widgets client with exponential backoff'], '2024-05-01T12:00:00Z');
  await git(['checkout', '--quiet', '-b', DEMO.headRefName]);
  await writeFiles(dir, DEMO_FILES);
  await git(['add', '--all']);
  const message = `${DEMO.title}\n\nRetries now spend from a token bucket so that an outage does not\nturn into a retry storm.`;
  await git(['commit', '--quiet', '--no-verify', '-m', message], '2024-05-06T08:30:00Z');
  await git(['remote', 'add', 'origin', DEMO.remoteUrl]);
}

async function writeFiles(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

const execFileAsync = promisify(execFile);

async function runGit(dir: string, args: string[], date?: string): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };
  // The identity comes from the repository's own config, never from the caller's environment,
  // so that the commits (and their shas) are the same on every machine.
  for (const k of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_DIR', 'GIT_WORK_TREE']) delete env[k];
  if (date) Object.assign(env, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
  await execFileAsync('git', ['-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, env });
}
