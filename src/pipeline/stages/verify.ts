import type { VerifyReport } from '../report';
import type { StageContext } from '../runInput';
import { commandEnv } from '../fixers';

/** How verify ended. */
export type VerifyOutcome =
  | { readonly kind: 'skipped' }
  | { readonly kind: 'passed'; readonly report: VerifyReport }
  | { readonly kind: 'failed'; readonly report: VerifyReport }
  | { readonly kind: 'cancelled'; readonly report: VerifyReport };

function stringEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Runs the verify command once on the fixed tree (SPEC §1 step 6); skipped when none is set
 * or nothing was fixed. Its output goes to the Run's log.
 * @throws CommandStartError when the shell cannot be started.
 */
export async function verifyStage(ctx: StageContext, fixedCount: number): Promise<VerifyOutcome> {
  const command = ctx.options.verifyCommand;
  if (!command || fixedCount === 0) return { kind: 'skipped' };
  ctx.sink.stage({ stage: 'verify', detail: command });
  const { input } = ctx;
  const v = await input.runCommand({
    command,
    cwd: input.vcs.root,
    env: { ...stringEnv(commandEnv(input.baseEnv)), PRT_REPO: `${input.pr.owner}/${input.pr.repo}`, PRT_PR: String(input.pr.number), PRT_REPO_ROOT: input.vcs.root },
    signal: ctx.signal,
    registry: input.registry,
    onOutput: (_s, chunk) => ctx.sink.log(chunk.replace(/\n$/, '')),
  });
  const report: VerifyReport = { ok: !v.aborted && v.exitCode === 0, exitCode: v.exitCode, signal: v.signal, output: v.output, durationMs: v.durationMs };
  if (v.aborted) return { kind: 'cancelled', report };
  return report.ok ? { kind: 'passed', report } : { kind: 'failed', report };
}
