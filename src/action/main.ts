// The GitHub Action's entry (action.yml runs the bundle action/prt.cjs built from this):
// a thin front end over the CLI — inputs to prt's arguments, its report to the runner's
// outputs, job summary and annotations.
import { isUserFacingError, oneLine, UserFacingError } from '../common/errors';
import { runAsProcess } from '../cli/main';
import type { CliIo } from '../cli/io';
import { ActionInputs, cliEnv } from './actionInputs';
import { answerComment } from './commentAnswer';
import { landMode } from './landMode';
import { markdownCell } from './markdown';
import { planMode } from './planMode';
import { annotation } from './workflowCommands';

/**
 * Runs the mode the `mode` input names: `plan` (the plan job), `run` (a fix job, with
 * `shard`/`emit`; or a whole run on one runner), `integrate` (the integrate job), `answer`
 * (the answer on a trusted `/prt` comment that the plan job found nothing to run for).
 * @returns the exit code: prt's own in `run` and `integrate`; 2 for a bad input.
 */
export async function actionMain(io: CliIo): Promise<number> {
  const inputs = new ActionInputs(io.env);
  try {
    const env = cliEnv(io.env, inputs.get('github-token'));
    const mode = inputs.get('mode') || 'run';
    if (mode === 'plan') return await planMode(inputs, io, env);
    if (mode === 'run' || mode === 'integrate') return await landMode(mode, inputs, { ...io, env }, env);
    if (mode === 'answer') {
      // The plan job found nothing to run for a trusted comment: say why where it was asked.
      await answerComment(io, env, `nothing ran: ${markdownCell(inputs.get('reason') || 'see the workflow run', 1000)}`);
      return 0;
    }
    throw new UserFacingError(`input mode must be plan, run, integrate or answer (got "${mode}")`);
  } catch (e) {
    if (!isUserFacingError(e)) throw e;
    io.stdout.write(`${annotation('error', `prt: ${oneLine(e)}`, { title: 'PR Thread Runner' })}\n`);
    return 2;
  }
}

runAsProcess(actionMain);
