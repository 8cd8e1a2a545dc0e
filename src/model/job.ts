/** What a thread's fix changed. */
export interface ThreadChanges {
  readonly files: number;
  readonly insertions: number;
  readonly deletions: number;
}

/** What an isolated job left behind. */
export interface FixRecord {
  /** The commit holding the job's changes, made on `base` (its lane's tip) in a worktree. */
  readonly commit?: string;
  readonly base?: string;
  /** What the commit changed; null when the job changed nothing. */
  readonly changes: ThreadChanges | null;
  /** Where the changes of a job that did not succeed were saved (a patch file). */
  readonly patch?: string;
}

/** What an AI fixer (an agent CLI, the editor's language model) reported for one thread. */
export interface AgentReport {
  /** Which fixer: `claude`, `codex`, …, or the model's name. */
  readonly fixer: string;
  /** The agent's final message, whole (hostile text: shown, never run). */
  readonly message: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  /** As the agent reported it, in US dollars. */
  readonly costUsd?: number;
}

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
  /** What the job changed, when it ran isolated in a worktree. */
  readonly fix?: FixRecord;
  /** What the AI fixer said, when one ran. */
  readonly agent?: AgentReport;
}
