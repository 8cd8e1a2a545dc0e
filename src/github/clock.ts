import { sleep as abortableSleep } from '../common/abort';

/** Time as the write lane sees it: tests pass a fake one whose sleeps only move it on. */
export interface Clock {
  /** Epoch ms. */
  now(): number;
  /**
   * Resolves after `ms`.
   * @throws CancellationError as soon as `signal` aborts.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: abortableSleep,
};
