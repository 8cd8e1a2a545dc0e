/** How one thread's job ended. */
export type JobStatus = 'fixed' | 'failed' | 'timeout' | 'skipped' | 'cancelled';

/** The outcome of one thread's job, after all its attempts. */
export interface JobResult {
  readonly threadId: string;
  /** Lane name, `worker-N`. */
  readonly lane: string;
  readonly status: JobStatus;
  /** Attempts made (0 when never started). */
  readonly attempts: number;
  /** Exit code of the last attempt's command; null when none ran or it was killed by a signal. */
  readonly exitCode: number | null;
  /** Signal that ended the last attempt's process (e.g. `SIGTERM`), else null. */
  readonly signal: string | null;
  /** Epoch ms when the first attempt started; null when never started. */
  readonly startedAt: number | null;
  /** Time from the first attempt's start to the last attempt's end (0 when never started). */
  readonly durationMs: number;
  /** One-line reason for a non-`fixed` status. */
  readonly error?: string;
  /** Captured stdout+stderr tail of the last attempt. */
  readonly output?: string;
  /** What ran, for logs and the joblog (the thread id is always named). */
  readonly command?: string;
}
