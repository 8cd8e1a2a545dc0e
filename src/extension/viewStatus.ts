/** What the view shows when it has no threads to list; also the `prThreads.state` context key. */
export type LoadStatus = 'idle' | 'loading' | 'signedOut' | 'noRepo' | 'noRemote' | 'noPr' | 'noThreads' | 'ready' | 'error';

export interface ViewStatus {
  readonly kind: LoadStatus;
  /** One line for the view's message area (errors, token source). */
  readonly message?: string;
}
