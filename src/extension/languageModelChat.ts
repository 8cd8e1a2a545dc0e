import * as vscode from 'vscode';
import { CancellationError, UserFacingError, oneLine } from '../common/errors';
import type { ChatMessage, ChatModel, ChatRequest, ChatResponsePart } from '../engine/fix/languageModel/chatModel';
import { ChatModelError, isChatModelError } from '../engine/fix/languageModel/chatModelError';
import type { ModelSelector } from './settings';

// Everything used here is in VS Code 1.96's API (the engine this extension targets):
// lm.selectChatModels, LanguageModelChat.sendRequest with tools and toolMode, the text,
// tool-call and tool-result parts, LanguageModelError, countTokens, and
// ExtensionContext.languageModelAccessInformation.

const JUSTIFICATION = 'PR Thread Runner asks the model to fix review threads, one conversation per thread, with two tools: read lines and replace lines of a file in a worktree.';

/** `{"vendor":"copilot","family":"gpt-4o"}`, or `{}` (any model), as the setting reads. */
function describeSelector(s: vscode.LanguageModelChatSelector): string {
  return JSON.stringify(s);
}

/** The selector with its empty fields left out (an empty string would match no model). */
function cleanSelector(s: ModelSelector): vscode.LanguageModelChatSelector {
  const out: vscode.LanguageModelChatSelector = {};
  for (const key of ['vendor', 'family', 'id'] as const) {
    const v = s[key]?.trim();
    if (v) out[key] = v;
  }
  return out;
}

/** `GPT-4o (copilot/gpt-4o)`: what confirmations, logs and reports call the model. */
export function modelLabel(m: Pick<vscode.LanguageModelChat, 'name' | 'vendor' | 'family'>): string {
  return `${m.name} (${m.vendor}/${m.family})`;
}

/**
 * The chat model `prThreads.languageModel` selects, ready to fix threads.
 * @throws UserFacingError naming the selector and what to do when no model matches, when
 *   the user has refused this extension the model, or when the editor has no `vscode.lm`.
 */
export async function selectChatModel(selector: ModelSelector, access: vscode.LanguageModelAccessInformation): Promise<VsCodeChatModel> {
  // Forks that lag behind may lack the API although they claim the engine version.
  if (typeof vscode.lm?.selectChatModels !== 'function') {
    throw new UserFacingError('This editor has no language model API (vscode.lm): set prThreads.fixer to "command" or "agent".');
  }
  const wanted = cleanSelector(selector);
  const models = await vscode.lm.selectChatModels(wanted);
  if (models.length === 0) {
    const all = await availableModels();
    const names = [...new Set(all.map((m) => JSON.stringify({ vendor: m.vendor, family: m.family })))];
    throw new UserFacingError(
      `No language model matches prThreads.languageModel ${describeSelector(wanted)}: ` +
        (names.length
          ? `the models available are ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}; set prThreads.languageModel to one of them.`
          : 'no chat model is available in this editor; install and sign in to a chat model provider (such as GitHub Copilot), or set prThreads.fixer to "command" or "agent".'),
    );
  }
  const model = models[0];
  const allowed = access.canSendRequest(model);
  if (allowed === false) throw notAllowed(model, wanted);
  // undefined: not asked yet; the first request asks (VS Code's consent dialog), once.
  return new VsCodeChatModel(model, allowed === true);
}

/** How long the list of every model may take: it only helps the message, and a provider that never answers must not hold the command. */
const LIST_ALL_MS = 3_000;

/** Every chat model the editor serves, or what is known within LIST_ALL_MS (none then). */
async function availableModels(): Promise<readonly vscode.LanguageModelChat[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<readonly vscode.LanguageModelChat[]>((resolve) => (timer = setTimeout(() => resolve([]), LIST_ALL_MS)));
  try {
    return await Promise.race([Promise.resolve(vscode.lm.selectChatModels()).catch(() => []), late]);
  } finally {
    clearTimeout(timer);
  }
}

function notAllowed(model: vscode.LanguageModelChat, selector: vscode.LanguageModelChatSelector): UserFacingError {
  return new ChatModelError(
    'noPermission',
    `PR Thread Runner is not allowed to use the language model ${modelLabel(model)} (prThreads.languageModel ${describeSelector(selector)}): allow it under Accounts > Manage Language Model Access, or pick another model, then run again.`,
  );
}

function toVsCodeMessage(m: ChatMessage): vscode.LanguageModelChatMessage {
  if (m.role === 'user') {
    return vscode.LanguageModelChatMessage.User(
      m.parts.map((p) => (p.kind === 'text' ? new vscode.LanguageModelTextPart(p.text) : new vscode.LanguageModelToolResultPart(p.callId, [new vscode.LanguageModelTextPart(p.text)]))),
    );
  }
  return vscode.LanguageModelChatMessage.Assistant(
    m.parts.map((p) => (p.kind === 'text' ? new vscode.LanguageModelTextPart(p.text) : new vscode.LanguageModelToolCallPart(p.callId, p.name, (p.input ?? {}) as object))),
  );
}

/** A LanguageModelError (classified by its code, never its message) or any other failure, as the port's error. */
function toChatModelError(e: unknown, model: vscode.LanguageModelChat): ChatModelError {
  if (isChatModelError(e)) return e;
  if (e instanceof vscode.LanguageModelError) {
    const detail = oneLine(e);
    switch (e.code) {
      case vscode.LanguageModelError.NoPermissions.name:
        return new ChatModelError('noPermission', `PR Thread Runner is not allowed to use this model${detail ? ` (${detail})` : ''}: allow it when VS Code asks, or under Accounts > Manage Language Model Access, then run again.`, { cause: e });
      case vscode.LanguageModelError.Blocked.name:
        return new ChatModelError('blocked', `the model refused the request${detail ? ` (${detail})` : ''}: a quota or policy blocks it; try later or pick another model in prThreads.languageModel.`, { cause: e });
      case vscode.LanguageModelError.NotFound.name:
        return new ChatModelError('notFound', `${modelLabel(model)} is no longer available: pick another model in prThreads.languageModel.`, { cause: e });
    }
  }
  return new ChatModelError('failed', `the request failed: ${oneLine(e) || 'no reason given'}`, { cause: e });
}

/** Waits for `p`, or throws CancellationError as soon as `signal` aborts. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new CancellationError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancellationError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * One of the editor's chat models behind the fixer's ChatModel port. Until the user has
 * allowed this extension the model, the first request goes alone (it is the one that shows
 * VS Code's consent dialog) and the others wait for it; once refused, every later request
 * fails at once with the same message, so that a run's parallel jobs ask once.
 */
export class VsCodeChatModel implements ChatModel {
  readonly label: string;
  private _firstRequest: Promise<void> | undefined;
  private _refused: ChatModelError | undefined;

  constructor(private readonly _model: vscode.LanguageModelChat, allowed: boolean) {
    this.label = modelLabel(_model);
    if (allowed) this._firstRequest = Promise.resolve();
  }

  async *send(request: ChatRequest): AsyncIterable<ChatResponsePart> {
    const { signal } = request;
    if (signal.aborted) throw new CancellationError();
    if (this._refused) throw this._refused;
    let release: (() => void) | undefined;
    if (this._firstRequest) await untilAborted(this._firstRequest, signal);
    else this._firstRequest = new Promise<void>((r) => (release = r));
    if (this._refused) {
      release?.();
      throw this._refused;
    }

    const cts = new vscode.CancellationTokenSource();
    const onAbort = () => cts.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const messages = request.messages.map(toVsCodeMessage);
      const tools: vscode.LanguageModelChatTool[] = request.tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
      let response: vscode.LanguageModelChatResponse;
      try {
        response = await this._model.sendRequest(messages, { justification: JUSTIFICATION, tools, toolMode: vscode.LanguageModelChatToolMode.Auto }, cts.token);
      } catch (e) {
        if (signal.aborted) throw new CancellationError();
        const err = toChatModelError(e, this._model);
        if (err.reason === 'noPermission') this._refused = err;
        throw err;
      } finally {
        release?.();
      }
      let said = '';
      try {
        for await (const part of response.stream) {
          if (signal.aborted) break;
          if (part instanceof vscode.LanguageModelTextPart) {
            said += part.value;
            yield { kind: 'text', text: part.value };
          } else if (part instanceof vscode.LanguageModelToolCallPart) {
            said += JSON.stringify({ name: part.name, input: part.input });
            yield { kind: 'toolCall', callId: String(part.callId), name: String(part.name), input: part.input };
          }
          // Other parts (data, thinking, parts of later APIs) say nothing the loop acts on.
        }
      } catch (e) {
        if (signal.aborted) throw new CancellationError();
        throw toChatModelError(e, this._model);
      }
      if (signal.aborted) throw new CancellationError();
      const usage = await this._count(messages, said, cts.token);
      if (usage) yield { kind: 'usage', ...usage };
    } finally {
      release?.();
      signal.removeEventListener('abort', onAbort);
      cts.dispose();
    }
  }

  /**
   * Tokens of the request (the whole conversation, as it is sent each turn) and of the
   * answer, by the model's own tokenizer: VS Code 1.96 reports no usage of a response.
   * Undefined when the provider cannot count: the figures are informational, and a model
   * without a tokenizer must not fail a fix.
   */
  private async _count(messages: readonly vscode.LanguageModelChatMessage[], said: string, token: vscode.CancellationToken): Promise<{ inputTokens: number; outputTokens: number } | undefined> {
    try {
      const input = await Promise.all(messages.map((m) => this._model.countTokens(m, token)));
      const output = said ? await this._model.countTokens(said, token) : 0;
      const sum = input.reduce((n, k) => n + k, 0);
      if (!Number.isFinite(sum) || !Number.isFinite(output)) return undefined;
      return { inputTokens: sum, outputTokens: output };
    } catch {
      return undefined;
    }
  }
}
