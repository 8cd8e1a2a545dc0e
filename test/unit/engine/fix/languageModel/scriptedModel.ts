import type { ChatMessage, ChatModel, ChatRequest, ChatResponsePart, ChatToolCall, ChatToolResult } from '../../../../../src/engine/fix/languageModel/chatModel';

/** One scripted answer: its parts, or a stream of its own (slow, failing, never ending). */
export type Turn = ChatResponsePart[] | ((request: ChatRequest) => AsyncIterable<ChatResponsePart>);

let calls = 0;

/** A tool call part with a fresh id. */
export function call(name: string, input: unknown): ChatToolCall {
  return { kind: 'toolCall', callId: `call-${++calls}`, name, input };
}

export const text = (t: string): ChatResponsePart => ({ kind: 'text', text: t });
export const usage = (inputTokens: number, outputTokens: number): ChatResponsePart => ({ kind: 'usage', inputTokens, outputTokens });

/** A ChatModel that answers each request with the next scripted turn and records the requests. */
export class ScriptedModel implements ChatModel {
  readonly label = 'Scripted Model (test/scripted)';
  /** The conversation of each request, as sent (copied). */
  readonly requests: ChatMessage[][] = [];
  private _next = 0;

  constructor(private readonly _turns: readonly Turn[]) {}

  async *send(request: ChatRequest): AsyncIterable<ChatResponsePart> {
    this.requests.push([...request.messages]);
    const turn = this._turns[this._next++];
    if (!turn) throw new Error(`the script has no turn ${this._next}`);
    if (Array.isArray(turn)) yield* turn;
    else yield* turn(request);
  }

  /** The tool results the fixer sent with request `n` (0-based), in order. */
  resultsSentWith(n: number): string[] {
    const last = this.requests[n]?.at(-1);
    if (!last || last.role !== 'user') return [];
    return last.parts.filter((p): p is ChatToolResult => p.kind === 'toolResult').map((p) => p.text);
  }
}
