import { firstLine, ReviewThread } from '../model/thread';
import { Plan } from '../model/plan';
import { threadLocation } from '../model/thread';
import { plural } from '../common/text';
import { columns, oneTerminalLine } from './terminalText';

/** The SPEC §3 JSON for `prt plan --json`. */
export function planJson(plan: Plan): string {
  return JSON.stringify({ workers: plan.lanes.map((l) => ({ name: l.name, threads: [...l.threads] })) }, null, 2);
}

/** Lines of the human plan listing. */
export function formatPlan(plan: Plan, threads: readonly ReviewThread[]): string[] {
  const byId = new Map(threads.map((t) => [t.id, t]));
  const total = plan.lanes.reduce((n, l) => n + l.threads.length, 0);
  const out = [`Plan (${plan.strategy}): ${plural(total, 'thread')} in ${plural(plan.lanes.length, 'lane')}`];
  for (const lane of plan.lanes) {
    const files = new Set(lane.threads.map((id) => byId.get(id)?.path));
    out.push(`${lane.name}  ${plural(lane.threads.length, 'thread')}, ${plural(files.size, 'file')}`);
    const rows = lane.threads.map((id) => {
      const t = byId.get(id);
      return t ? [oneTerminalLine(threadLocation(t), 60), oneTerminalLine(firstLine(t), 70)] : [id, ''];
    });
    out.push(...columns(rows).map((l) => `  ${l}`));
  }
  return out;
}
