/**
 * Each lane's tip: the base commit plus the lane's fixes so far. A lane's later threads are
 * checked out at its tip, so they see its earlier fixes.
 */
export class LaneTips {
  private readonly _tips = new Map<string, string>();

  constructor(private readonly _base: string) {}

  get base(): string {
    return this._base;
  }

  tip(lane: string): string {
    return this._tips.get(lane) ?? this._base;
  }

  advance(lane: string, commit: string): void {
    this._tips.set(lane, commit);
  }
}
