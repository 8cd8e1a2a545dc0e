import { IDisposable, toDisposable } from './lifecycle';

/** A function to subscribe to an event; returns the subscription. */
export type Event<T> = (listener: (e: T) => void) => IDisposable;

/** Reports errors thrown by listeners; they never stop the other listeners. */
let listenerErrorHandler: (err: unknown) => void = (err) => {
  // A listener's bug must not break the emitter's owner; surface it without throwing.
  setTimeout(() => {
    throw err;
  }, 0);
};

/** Replaces the handler for errors thrown by event listeners (tests use this). */
export function setListenerErrorHandler(handler: (err: unknown) => void): void {
  listenerErrorHandler = handler;
}

/**
 * Owner-side half of an event: keep it private, expose `event` as `onDid…`.
 */
export class Emitter<T> implements IDisposable {
  private _listeners = new Set<(e: T) => void>();
  private _disposed = false;

  readonly event: Event<T> = (listener) => {
    if (this._disposed) return toDisposable(() => undefined);
    this._listeners.add(listener);
    return toDisposable(() => this._listeners.delete(listener));
  };

  /** Calls every listener with `e`; a throwing listener is reported, not propagated. */
  fire(e: T): void {
    for (const l of [...this._listeners]) {
      try {
        l(e);
      } catch (err) {
        listenerErrorHandler(err);
      }
    }
  }

  get hasListeners(): boolean {
    return this._listeners.size > 0;
  }

  dispose(): void {
    this._disposed = true;
    this._listeners.clear();
  }
}
