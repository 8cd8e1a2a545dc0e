import { BugIndicatingError } from '../../common/errors';
import type { Slot } from '../ports';

/**
 * The prepared job slots, handed to one job at a time. The scheduler never runs more jobs
 * at once than there are slots, so `take` always finds one.
 */
export class SlotPool {
  private readonly _free: Slot[];

  constructor(slots: readonly Slot[]) {
    this._free = [...slots];
  }

  /** @throws BugIndicatingError when more jobs run at once than there are slots. */
  take(): Slot {
    const slot = this._free.shift();
    if (!slot) throw new BugIndicatingError('more jobs at once than job slots');
    return slot;
  }

  give(slot: Slot): void {
    this._free.push(slot);
  }
}
