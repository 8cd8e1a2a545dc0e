/** Thread id from a command argument: a tree node, a code action's id, or a plain id string. */
export function threadIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as { kind?: string; id?: unknown; threadId?: unknown };
    if (typeof o.threadId === 'string') return o.threadId;
    if (o.kind === 'thread' && typeof o.id === 'string') return o.id;
  }
  return undefined;
}

/** Lane name from a command argument: a tree node or a plain name. */
export function laneNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as { kind?: string; name?: unknown };
    if (o.kind === 'lane' && typeof o.name === 'string') return o.name;
  }
  return undefined;
}
