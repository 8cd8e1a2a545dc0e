import { throwIfAborted } from '../../../common/abort';
import { BugIndicatingError, CancellationError, isCancellationError } from '../../../common/errors';
import type { AgentReport } from '../../../model/job';
import type { FixAttempt, Fixer } from '../../ports';
import type { AttemptOutcome } from '../../schedule/schedulerTypes';
import { summaryLine } from '../text';
import type { ChatMessage, ChatModel, ChatResponsePart, ChatText, ChatToolCall, ChatToolResult } from './chatModel';
import { isChatModelError } from './chatModelError';
import { LINE_TOOLS, runLineTool } from './lineTools';
import { buildTask } from './modelPrompt';

/** Bounds on what one answer of the model may hold (it is hostile). */
export const ANSWER_LIMITS = Object.freeze({
  /** Tool calls run from one answer; the rest get an error result. */
  toolCalls: 16,
  /** Characters of text kept from one answer. */
  textChars: 64 * 1024,
  /** Characters of the job's output (the tool log) kept for the job's report. */
  outputChars: 16 * 1024,
});

export interface LanguageModelFixerOptions {
  readonly model: ChatModel;
  /** Requests per thread (`prThreads.languageModel.maxTurns`), at least 1. */
  readonly maxTurns: number;
  /** `owner/name` and the PR number, for the task. */
  readonly repo: string;
  readonly pr: number;
}

/** What one answer of the model held. */
interface Answer {
  readonly text: string;
  readonly calls: readonly ChatToolCall[];
}

/**
 * The editor's language model as the fixer: per thread, a conversation in which the model may
 * call exactly two tools — read lines of a file, replace lines of a file — confined to the
 * job's worktree, for at most `maxTurns` requests. The thread goes to the model as data. The
 * job is fixed when the model gives a final answer (one without a tool call) after at least
 * one edit that changed a file; that answer is the agent message (`{summary}` of replies).
 */
export class LanguageModelFixer implements Fixer {
  readonly mustChange = true;

  /** @throws BugIndicatingError for a `maxTurns` below 1 (settings bound it). */
  constructor(private readonly _o: LanguageModelFixerOptions) {
    if (!Number.isSafeInteger(_o.maxTurns) || _o.maxTurns < 1) throw new BugIndicatingError(`maxTurns must be a whole number ≥ 1, got ${_o.maxTurns}`);
  }

  get label(): string {
    return this._o.model.label;
  }

  describe(): string {
    return `model ${this._o.model.label}`;
  }

  /**
   * @returns ok when the model answered after an edit; else `ok: false` with why (no change,
   *   turns used up, the model refused the request).
   * @throws CancellationError when the job's signal aborts; filesystem errors not caused by
   *   the model's arguments.
   */
  async attempt(a: FixAttempt): Promise<AttemptOutcome> {
    const { model, maxTurns } = this._o;
    const { signal } = a;
    const output = new OutputTail(a.onOutput);
    const tokens = { input: 0, output: 0, known: false };
    const report = (message: string): AgentReport => ({
      fixer: model.label,
      message,
      ...(tokens.known ? { inputTokens: tokens.input, outputTokens: tokens.output } : {}),
    });
    const fail = (error: string, message: string, retryable: boolean): AttemptOutcome => ({
      ok: false, exitCode: null, signal: null, error, retryable, output: output.text, agent: report(message),
    });

    const messages: ChatMessage[] = [{ role: 'user', parts: [{ kind: 'text', text: buildTask(a.thread, this._o) }] }];
    let edits = 0;
    let lastText = '';
    for (let turn = 1; turn <= maxTurns; turn++) {
      throwIfAborted(signal);
      let answer: Answer;
      try {
        answer = await this._ask(messages, signal, (u) => {
          if (u.inputTokens !== undefined || u.outputTokens !== undefined) tokens.known = true;
          tokens.input += u.inputTokens ?? 0;
          tokens.output += u.outputTokens ?? 0;
        });
      } catch (e) {
        if (signal.aborted || isCancellationError(e)) throw new CancellationError();
        if (isChatModelError(e)) return fail(`${model.label}: ${e.message}`, lastText, e.reason === 'failed');
        throw e;
      }
      if (answer.text.trim()) {
        lastText = answer.text.trim();
        output.line(`model: ${summaryLine(lastText)}`);
      }
      if (answer.calls.length === 0) {
        if (edits === 0) return fail(`the model made no change: ${summaryLine(lastText) || 'it answered without editing a file'}`, lastText, false);
        return { ok: true, exitCode: 0, signal: null, mustChange: true, output: output.text, agent: report(answer.text.trim()) };
      }
      messages.push({ role: 'assistant', parts: [...(answer.text ? [{ kind: 'text', text: answer.text } as ChatText] : []), ...answer.calls] });
      const results: ChatToolResult[] = [];
      for (const [k, call] of answer.calls.entries()) {
        if (k >= ANSWER_LIMITS.toolCalls) {
          results.push({ kind: 'toolResult', callId: call.callId, text: `error: not run: at most ${ANSWER_LIMITS.toolCalls} tool calls per answer` });
          continue;
        }
        throwIfAborted(signal);
        const run = await runLineTool(call, a.workdir, signal);
        output.line(run.log);
        if (run.changed) edits++;
        results.push({ kind: 'toolResult', callId: call.callId, text: run.result });
      }
      messages.push({ role: 'user', parts: results });
    }
    const made = edits > 0 ? ` (after ${edits} edit${edits === 1 ? '' : 's'})` : '';
    return fail(`the model used its ${maxTurns} turn${maxTurns === 1 ? '' : 's'} without a final answer${made}`, lastText, true);
  }

  /** One request: its text (bounded) and tool calls; usage is passed on as it comes. */
  private async _ask(messages: readonly ChatMessage[], signal: AbortSignal, onUsage: (u: { inputTokens?: number; outputTokens?: number }) => void): Promise<Answer> {
    let text = '';
    const calls: ChatToolCall[] = [];
    const parts = this._o.model.send({ messages, tools: LINE_TOOLS, signal })[Symbol.asyncIterator]();
    for (;;) {
      const next = await nextOrAbort(parts, signal);
      if (next.done) break;
      const part: ChatResponsePart = next.value;
      if (part.kind === 'text') {
        if (text.length < ANSWER_LIMITS.textChars) text += String(part.text).slice(0, ANSWER_LIMITS.textChars - text.length);
      } else if (part.kind === 'toolCall') {
        calls.push(part);
      } else if (part.kind === 'usage') {
        onUsage(part);
      }
    }
    return { text, calls };
  }
}

/**
 * The iterator's next part, or a CancellationError as soon as `signal` aborts, even when the
 * model's stream does not end on its own (the iterator is then told to return).
 */
async function nextOrAbort<T>(it: AsyncIterator<T>, signal: AbortSignal): Promise<IteratorResult<T>> {
  throwIfAborted(signal);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(new CancellationError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([it.next(), aborted]);
  } catch (e) {
    if (signal.aborted) {
      // Let the stream go; its own settling is not waited for (a stuck provider must not hold the job).
      void Promise.resolve(it.return?.()).catch(() => undefined);
      throw new CancellationError();
    }
    throw e;
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** The job's output as it goes (one line per tool call and answer), and its tail for the report. */
class OutputTail {
  private _text = '';
  constructor(private readonly _onOutput: FixAttempt['onOutput']) {}

  line(s: string): void {
    const l = `${s}\n`;
    this._onOutput('stdout', l);
    this._text = (this._text + l).slice(-ANSWER_LIMITS.outputChars);
  }

  get text(): string {
    return this._text;
  }
}

