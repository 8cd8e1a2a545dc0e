/** What an agent CLI's own report says about one run. */
export interface AgentOutcome {
  /** The agent says it finished the task (not: that it changed anything). */
  readonly ok: boolean;
  /** Its final message (or why it failed). */
  readonly message: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly costUsd?: number;
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of stdout.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      const v = JSON.parse(t) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push(v as Record<string, unknown>);
    } catch {
      // A line cut off by a kill: the ones before it still count.
    }
  }
  return out;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Claude Code's `-p --output-format json` result: success is `is_error: false` with subtype
 * `success` (an API error also says subtype success, with is_error true); the final message
 * is `result`, tokens in `usage`, cost `total_cost_usd`.
 */
export function parseClaudeResult(stdout: string, exitCode: number | null): AgentOutcome {
  const r = jsonLines(stdout).filter((o) => o.type === 'result').pop();
  if (!r) return { ok: false, message: `no result from Claude Code (exit ${exitCode ?? 'killed'})` };
  const usage = (r.usage ?? {}) as Record<string, unknown>;
  return {
    ok: r.subtype === 'success' && r.is_error !== true && exitCode === 0,
    message: str(r.result) || str(r.subtype),
    inputTokens: num(usage.input_tokens),
    outputTokens: num(usage.output_tokens),
    costUsd: num(r.total_cost_usd),
  };
}

/**
 * `codex exec --json` events: success is a `turn.completed` without a `turn.failed` and exit 0
 * (an `error` event alone can be a transient reconnect); the final message is the last
 * `agent_message` item, tokens summed over turns; Codex reports no cost.
 */
export function parseCodexEvents(stdout: string, exitCode: number | null): AgentOutcome {
  let completed = false;
  let failed = '';
  let message = '';
  let input = 0;
  let output = 0;
  for (const e of jsonLines(stdout)) {
    if (e.type === 'item.completed' && e.item && typeof e.item === 'object') {
      const item = e.item as Record<string, unknown>;
      if (item.type === 'agent_message') message = str(item.text);
    } else if (e.type === 'turn.completed') {
      completed = true;
      const u = (e.usage ?? {}) as Record<string, unknown>;
      input += num(u.input_tokens) ?? 0;
      output += num(u.output_tokens) ?? 0;
    } else if (e.type === 'turn.failed') {
      failed = str((e.error as Record<string, unknown> | undefined)?.message) || 'the turn failed';
    }
  }
  const ok = completed && !failed && exitCode === 0;
  return { ok, message: message || failed || (ok ? '' : `no completed turn (exit ${exitCode ?? 'killed'})`), inputTokens: completed ? input : undefined, outputTokens: completed ? output : undefined };
}

/** Gemini CLI's `--output-format json`: `{ response, stats, error }`. */
export function parseGeminiResult(stdout: string, exitCode: number | null): AgentOutcome {
  const r = jsonLines(stdout.replace(/\n(?=\s)/g, ' ')).pop() ?? tryWhole(stdout);
  if (!r) return { ok: false, message: `no result from Gemini CLI (exit ${exitCode ?? 'killed'})` };
  const error = r.error as Record<string, unknown> | undefined;
  const models = ((r.stats as Record<string, unknown> | undefined)?.models ?? {}) as Record<string, { tokens?: Record<string, unknown> }>;
  let input: number | undefined;
  let output: number | undefined;
  for (const m of Object.values(models)) {
    input = (input ?? 0) + (num(m.tokens?.prompt) ?? 0);
    output = (output ?? 0) + (num(m.tokens?.candidates) ?? 0);
  }
  return { ok: !error && exitCode === 0, message: str(r.response) || str(error?.message), inputTokens: input, outputTokens: output };
}

/** GitHub Copilot CLI's `--output-format json` events: the last `result` event, the last `assistant.message`. */
export function parseCopilotEvents(stdout: string, exitCode: number | null): AgentOutcome {
  const events = jsonLines(stdout);
  const result = events.filter((e) => e.type === 'result').pop();
  const last = events.filter((e) => e.type === 'assistant.message').pop();
  const message = str((last?.data as Record<string, unknown> | undefined)?.content);
  const usage = (result?.usage ?? {}) as Record<string, unknown>;
  return { ok: result !== undefined && num(result.exitCode) === 0 && exitCode === 0, message, inputTokens: num(usage.inputTokens), outputTokens: num(usage.outputTokens) };
}

/** `opencode run --format json` events: the last text part is the final message. */
export function parseOpencodeEvents(stdout: string, exitCode: number | null): AgentOutcome {
  let message = '';
  for (const e of jsonLines(stdout)) {
    const part = (e.part ?? e) as Record<string, unknown>;
    if (part.type === 'text' && typeof part.text === 'string') message = part.text;
  }
  return { ok: exitCode === 0, message };
}

function tryWhole(stdout: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(stdout) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
