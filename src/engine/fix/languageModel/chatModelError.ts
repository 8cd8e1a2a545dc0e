import { UserFacingError } from '../../../common/errors';

/**
 * Why a chat model refused a request: `noPermission` (the user has not allowed this
 * extension to use it), `blocked` (quota, policy), `notFound` (the model is gone), `failed`
 * (anything else the provider reported, worth another try).
 */
export type ChatModelFailure = 'noPermission' | 'blocked' | 'notFound' | 'failed';

/** A chat model refused or failed a request; the message says what to do. */
export class ChatModelError extends UserFacingError {
  readonly isChatModelError = true;
  constructor(readonly reason: ChatModelFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ChatModelError';
  }
}

export function isChatModelError(e: unknown): e is ChatModelError {
  return typeof e === 'object' && e !== null && (e as ChatModelError).isChatModelError === true;
}
