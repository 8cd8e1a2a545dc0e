/**
 * One FIFO mutex per key (a repository-relative file path): jobs on the same file
 * never run at once, whichever lanes they are in; waiters get the file in arrival order.
 */
export class FileLocks {
  /** Per key, the promise that settles when the last holder or waiter releases the file. */
  private readonly _tails = new Map<string, Promise<void>>();

  /** Number of files currently held or waited for. */
  get size(): number {
    return this._tails.size;
  }

  /**
   * Resolves once `file` is free and now held by the caller; call the returned function
   * (idempotent) to release it. Never rejects.
   */
  async acquire(file: string): Promise<() => void> {
    const previous = this._tails.get(file) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this._tails.set(file, tail);
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      // Forget the file when nobody queued behind us, so the map does not grow per run.
      if (this._tails.get(file) === tail) this._tails.delete(file);
    };
  }
}
