export type PlanStrategy = 'by-file' | 'balanced' | 'round-robin';
export const PLAN_STRATEGIES: readonly PlanStrategy[] = ['by-file', 'balanced', 'round-robin'];

/** A worker lane: threads run in this order, one at a time. */
export interface Lane {
  /** `worker-1`, `worker-2`, … */
  readonly name: string;
  /** Thread ids in run order. */
  readonly threads: readonly string[];
}

/** Threads split into lanes. */
export interface Plan {
  readonly strategy: PlanStrategy | 'manual';
  readonly lanes: readonly Lane[];
}
