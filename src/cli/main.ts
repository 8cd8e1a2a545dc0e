import { isCancellationError, isUserFacingError, oneLine } from '../common/errors';
import { parsePlanOptions, runPlan, runThreads } from './readCommands';
import { helpText, parseCommandLine } from './args';
import { prtResolve } from './prtResolve';
import { prtRun } from './prtRun';
import { CliIo } from './io';

declare const PRT_VERSION: string | undefined;

export const EXIT_OK = 0;
export const EXIT_THREAD_FAILED = 1;
export const EXIT_ERROR = 2;
export const EXIT_CANCELLED = 130;

/**
 * Runs one `prt` invocation and returns its exit code. Expected failures print one line on
 * stderr; only a bug prints more, and only with PRT_DEBUG=1.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
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
      case 'resolve':
        return await prtResolve(parsed.values, io);
    }
  } catch (e) {
    if (isCancellationError(e)) {
      io.stderr.write('prt: cancelled\n');
      return EXIT_CANCELLED;
    }
    if (isUserFacingError(e)) {
      io.stderr.write(`prt: ${oneLine(e)}\n`);
      return EXIT_ERROR;
    }
    io.stderr.write(`prt: internal error: ${oneLine(e)} (this is a bug; rerun with PRT_DEBUG=1 for details)\n`);
    if (io.env.PRT_DEBUG) io.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    // First Ctrl-C cancels cleanly (jobs' process groups are killed); a second one quits now.
    if (++interrupts > 1) process.exit(EXIT_CANCELLED);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, signal: controller.signal })
    .then((code) => {
      process.exitCode = code;
    })
    .catch(() => {
      process.exitCode = EXIT_ERROR;
    });
}
