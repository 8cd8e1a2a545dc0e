import { GitHubThreads } from '../github/githubThreads';
import { describeWait } from '../pipeline/runSummary';
import { DEFAULT_REPLY_TEMPLATE, SHA_PLACEHOLDER } from '../model/options';
import type { ThreadWriteResult } from '../engine/ports';
import { CliIo, writeLines } from './io';
import { parseWriteOptions } from './runOptions';
import { openSession } from './session';
import { oneTerminalLine } from './terminalText';
import { UsageError } from './usageError';
import { EXIT_OK, EXIT_THREAD_FAILED } from './exitCodes';

type Values = Readonly<Record<string, string | boolean | string[] | undefined>>;

const THREAD_ID = /^[A-Za-z0-9_=-]{4,200}$/;

/** `prt resolve --thread ID… [--reply TEXT]`: reply to and resolve the given threads. */
export async function prtResolve(values: Values, io: CliIo): Promise<number> {
  const ids = [...new Set((values.thread as string[] | undefined) ?? [])];
  if (ids.length === 0) throw new UsageError('prt resolve needs at least one --thread ID (the PRRT_… ids that `prt threads --json` lists)');
  const bad = ids.find((id) => !THREAD_ID.test(id));
  if (bad !== undefined) throw new UsageError(`"${oneTerminalLine(bad, 60)}" is not a review thread id: use the PRRT_… ids from \`prt threads --json\``);
  const reply = typeof values.reply === 'string' ? values.reply : DEFAULT_REPLY_TEMPLATE;
  if (reply.includes(SHA_PLACEHOLDER)) throw new UsageError('{sha} only works with prt run --commit: write the commit into --reply yourself');
  const writeOptions = parseWriteOptions(values);
  const session = await openSession({
    repo: values.repo as string | undefined,
    cwd: values.cwd as string | undefined,
    graphqlUrl: values['graphql-url'] as string | undefined,
    env: io.env,
    requireRepo: false,
  });
  try {
    const writer = new GitHubThreads(session.client, writeOptions);
    const results: ThreadWriteResult[] = await writer.write(
      ids.map((threadId) => ({ threadId, reply: reply.trim() ? reply : undefined, resolve: true })),
      { signal: io.signal, onDidWait: (w) => io.stderr.write(`prt: ${describeWait(w)}\n`) },
    );
    if (values.json) {
      io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    } else {
      writeLines(io.stdout, results.map((r) => (r.ok ? `resolved ${r.threadId}` : `FAILED   ${r.threadId}: ${oneTerminalLine(r.error ?? 'unknown error', 160)}`)));
    }
    return results.every((r) => r.ok) ? EXIT_OK : EXIT_THREAD_FAILED;
  } finally {
    session.client.dispose();
  }
}
