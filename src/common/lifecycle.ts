/** Something that holds resources until `dispose()` is called. */
export interface IDisposable {
  dispose(): void;
}

/** Wraps a function as a disposable that runs it once. */
export function toDisposable(fn: () => void): IDisposable {
  let done = false;
  return {
    dispose() {
      if (!done) {
        done = true;
        fn();
      }
    },
  };
}

/**
 * Owns a set of disposables and disposes them together, in reverse order of registration.
 * Adding to a disposed store disposes the child at once, so nothing leaks after shutdown.
 */
export class DisposableStore implements IDisposable {
  private readonly _children = new Set<IDisposable>();
  private _disposed = false;

  get isDisposed(): boolean {
    return this._disposed;
  }

  add<T extends IDisposable>(child: T): T {
    if (this._disposed) {
      child.dispose();
    } else {
      this._children.add(child);
    }
    return child;
  }

  /** Disposes and forgets every child; the store stays usable. */
  clear(): void {
    const children = [...this._children].reverse();
    this._children.clear();
    const errors: unknown[] = [];
    for (const c of children) {
      try {
        c.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'several disposables failed');
  }

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    this.clear();
  }
}

/** Base class whose children are registered with `_register` and disposed with it. */
export abstract class Disposable implements IDisposable {
  protected readonly _store = new DisposableStore();

  protected _register<T extends IDisposable>(child: T): T {
    return this._store.add(child);
  }

  dispose(): void {
    this._store.dispose();
  }
}
