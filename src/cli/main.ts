import { isCancellationError, isUserFacingError, oneLine } from '../common/errors';
import { ProcessGroupRegistry } from '../engine/fix/processGroupRegistry';
import { helpText, parseCommandLine } from './args';
import { CliIo, quietOnClosedPipe } from './io';
import { prtClean } from './prtClean';
import { prtResolve } from './prtResolve';
import { prtIntegrate } from './prtIntegrate';
import { prtRun } from './prtRun';
import type { ObservedIo } from './reportObserver';
import { parsePlanOptions, runPlan, runThreads } from './readCommands';
import { failedRunJson } from './report';
import { EXIT_CANCELLED, EXIT_ERROR, EXIT_OK } from './exitCodes';

declare const PRT_VERSION: string | undefined;

/** The signals that stop prt: each cancels the run cleanly; a second one quits at once. */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/**
 * Runs one `prt` invocation and returns its exit code. Expected failures print one line on
 * stderr; only a bug prints more, and only with PRT_DEBUG=1. `prt run --json` prints a
 * report object on every exit, errors included.
 */
export async function main(argv: readonly string[], io: ObservedIo): Promise<number> {
  const wantsRunJson = (argv[0] === 'run' || argv[0] === 'integrate') && argv.includes('--json');
  const fail = (code: number, line: string): number => {
    io.stderr.write(`prt: ${line}\n`);
    if (wantsRunJson) io.stdout.write(`${failedRunJson(line)}\n`);
    return code;
  };
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.command === 'help') {
      io.stdout.write(helpText());
      return EXIT_OK;
    }
    if (parsed.command === 'version') {
      io.stdout.write(`${typeof PRT_VERSION === 'string' ? PRT_VERSION : 'dev'}\n`);
      return EXIT_OK;
    }
    if (parsed.values.help) {
      io.stdout.write(helpText(parsed.command));
      return EXIT_OK;
    }
    switch (parsed.command) {
      case 'threads':
        return await runThreads(parsed.values, io);
      case 'plan':
        parsePlanOptions(parsed.values);
        return await runPlan(parsed.values, io);
      case 'run':
        return await prtRun(parsed.values, io);
      case 'integrate':
        return await prtIntegrate(parsed.values, parsed.positionals, io);
      case 'resolve':
        return await prtResolve(parsed.values, io);
      case 'clean':
        return await prtClean(parsed.values, io);
    }
  } catch (e) {
    if (isCancellationError(e) || io.stoppedBy?.()) return fail(EXIT_CANCELLED, 'stopped');
    if (isUserFacingError(e)) return fail(EXIT_ERROR, oneLine(e));
    if (io.env.PRT_DEBUG) io.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    return fail(EXIT_ERROR, `internal error: ${oneLine(e)} (this is a bug; rerun with PRT_DEBUG=1 for details)`);
  }
}

/**
 * Runs `body` as this process's work: the stop signals cancel it cleanly (a second one quits
 * at once), no job outlives the process, and its result is the exit code. The CLI's binary
 * and the GitHub Action's entry both start through here.
 */
export function runAsProcess(body: (io: CliIo) => Promise<number>): void {
  const controller = new AbortController();
  const registry = new ProcessGroupRegistry();
  let stoppedBy: NodeJS.Signals | undefined;
  // Whatever happens (an error, a second signal, the event loop ending), no job outlives prt.
  process.once('exit', () => registry.dispose());
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppedBy) process.exit(EXIT_CANCELLED);
    stoppedBy = signal;
    controller.abort();
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  const io: CliIo = {
    stdin: process.stdin,
    stdout: quietOnClosedPipe(process.stdout),
    stderr: quietOnClosedPipe(process.stderr),
    env: process.env,
    signal: controller.signal,
    stoppedBy: () => stoppedBy,
    registry,
  };
  body(io)
    .then((code) => {
      process.exitCode = stoppedBy ? EXIT_CANCELLED : code;
    })
    .catch(() => {
      process.exitCode = EXIT_ERROR;
    })
    .finally(() => registry.dispose());
}
