// The GitHub Action's entry (action.yml runs the bundle action/prt.cjs built from this):
// a thin front end over the CLI — inputs to prt's arguments, its report to the runner's
// outputs, job summary and annotations.
import { isUserFacingError, oneLine, UserFacingError } from '../common/errors';
import { runAsProcess } from '../cli/main';
import type { CliIo } from '../cli/io';
import { ActionInputs, cliEnv } from './actionInputs';
import { landMode } from './landMode';
import { planMode } from './planMode';
import { annotation } from './workflowCommands';

/**
 * Runs the mode the `mode` input names: `plan` (the plan job), `run` (a fix job, with
 * `shard`/`emit`; or a whole run on one runner), `integrate` (the integrate job).
 * @returns the exit code: prt's own in `run` and `integrate`; 2 for a bad input.
 */
export async function actionMain(io: CliIo): Promise<number> {
  const inputs = new ActionInputs(io.env);
  try {
    const env = cliEnv(io.env, inputs.get('github-token'));
    const mode = inputs.get('mode') || 'run';
    if (mode === 'plan') return await planMode(inputs, io, env);
    if (mode === 'run' || mode === 'integrate') return await landMode(mode, inputs, { ...io, env }, env);
    throw new UserFacingError(`input mode must be plan, run or integrate (got "${mode}")`);
  } catch (e) {
    if (!isUserFacingError(e)) throw e;
    io.stdout.write(`${annotation('error', `prt: ${oneLine(e)}`, { title: 'PR Thread Runner' })}\n`);
    return 2;
  }
}

runAsProcess(actionMain);
