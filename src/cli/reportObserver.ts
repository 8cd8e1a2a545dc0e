import type { RunReport } from '../pipeline/report';
import type { ReviewThread } from '../model/thread';
import type { CliIo } from './io';
import type { ShardOptions } from './runOptions';

/** A `prt run` or `prt integrate` that ended with a report. */
export interface ReportedRun {
  readonly command: 'run' | 'integrate';
  readonly report: RunReport;
  /** The run's threads, in plan order (paths and lines for annotations). */
  readonly threads: readonly ReviewThread[];
  /** The repository's work tree root. */
  readonly repoRoot: string;
  /** `OWNER/NAME#N`, `#?` when the pull request was never found. */
  readonly pullRequest: string;
  readonly shard?: ShardOptions;
}

/**
 * What a front end built over the CLI (the GitHub Action) is told when a run ends, so that it
 * can show the report in its own medium without parsing what the CLI printed.
 */
export interface ReportObserver {
  readonly onDidReport?: (run: ReportedRun) => void;
}

/** The CLI's io, with the observer a front end over it may add. */
export type ObservedIo = CliIo & ReportObserver;
