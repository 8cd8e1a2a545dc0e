import { GitHubFieldError } from './fieldError';
import { plain } from './plain';

/** The pagination arguments of a GitHub connection field. */
export interface ConnectionArgs {
  readonly first?: number | null;
  readonly last?: number | null;
  readonly after?: string | null;
  readonly before?: string | null;
  /** Only some connections (a thread's comments) accept it. */
  readonly skip?: number | null;
}

export interface Connection<T> {
  readonly totalCount: number;
  readonly nodes: T[];
  readonly edges: { cursor: string; node: T }[];
  readonly pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** GitHub's per-page ceiling for `first` and `last`. */
export const MAX_PAGE_SIZE = 100;

const CURSOR_PREFIX = 'cursor:v2:';

/** An opaque cursor for the item at `index` of a connection's full list. */
export function encodeCursor(index: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${index}`, 'utf8').toString('base64');
}

/**
 * The index a cursor stands for.
 * @throws GitHubFieldError (`INVALID_CURSOR_ARGUMENTS`) for a cursor this server never made.
 */
export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const index = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isInteger(index) || index < 0 || encodeCursor(index) !== cursor) {
    throw new GitHubFieldError('INVALID_CURSOR_ARGUMENTS', `\`${cursor}\` does not appear to be a valid cursor.`);
  }
  return index;
}

/**
 * One page of `items` as GitHub's cursor connections answer it, enforcing GitHub's rule
 * that `first` or `last` is given and at most 100.
 * @throws GitHubFieldError with GitHub's message and type for missing or excessive bounds
 *   and for bad cursors.
 */
export function paginate<T>(items: readonly T[], args: ConnectionArgs, connectionName: string): Connection<T> {
  const first = args.first ?? undefined;
  const last = args.last ?? undefined;
  if (first === undefined && last === undefined) {
    throw new GitHubFieldError(
      'MISSING_PAGINATION_BOUNDARIES',
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${connectionName}\` connection.`,
    );
  }
  for (const [name, value] of [['first', first], ['last', last]] as const) {
    if (value === undefined) continue;
    if (value < 0) {
      throw new GitHubFieldError('INVALID_ARGUMENTS', `\`${name}\` on the \`${connectionName}\` connection cannot be less than zero.`);
    }
    if (value > MAX_PAGE_SIZE) {
      throw new GitHubFieldError(
        'EXCESSIVE_PAGINATION',
        `Requesting ${value} records on the \`${connectionName}\` connection exceeds the \`${name}\` limit of ${MAX_PAGE_SIZE} records.`,
      );
    }
  }

  // [start, end) is the window the cursors leave open; first/last then narrow it.
  let start = args.after != null ? decodeCursor(args.after) + 1 : 0;
  let end = args.before != null ? Math.min(decodeCursor(args.before), items.length) : items.length;
  start = Math.min(start + Math.max(args.skip ?? 0, 0), items.length);
  end = Math.max(end, start);
  if (first !== undefined) end = Math.min(end, start + first);
  if (last !== undefined) start = Math.max(start, end - last);

  const edges: { cursor: string; node: T }[] = [];
  for (let i = start; i < end; i++) edges.push(plain({ cursor: encodeCursor(i), node: items[i] }));
  return plain({
    totalCount: items.length,
    nodes: edges.map((e) => e.node),
    edges,
    pageInfo: plain({
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    }),
  });
}
