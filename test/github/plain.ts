const PLAIN = Symbol('testGitHub.plain');

/**
 * Marks an object whose own properties are its GraphQL fields (connections, edges,
 * page info, mutation payloads). Any other object is resolved only through the explicit
 * resolver table, so a forgotten field errors instead of leaking a store property.
 */
export function plain<T extends object>(value: T): T {
  Object.defineProperty(value, PLAIN, { value: true, enumerable: false });
  return value;
}

export function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLAIN] === true;
}
