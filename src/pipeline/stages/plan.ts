import { planThreads, reconcilePlan } from '../../engine/plan/planner';
import type { Plan } from '../../model/plan';
import type { ReviewThread } from '../../model/thread';
import type { StageContext } from '../runInput';

/**
 * The run's lanes: the front end's plan (hand-edited in the tree) brought up to date with the
 * threads read now, else a fresh plan from the options.
 */
export function planStage(ctx: StageContext, threads: readonly ReviewThread[]): Plan {
  ctx.sink.stage({ stage: 'plan' });
  const { plan } = ctx.input;
  return plan ? reconcilePlan(plan, threads, ctx.options) : planThreads(threads, ctx.options);
}
