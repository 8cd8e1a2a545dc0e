import type { TestGitHub } from './testGitHub';

/** What a raw POST to the test GitHub answered. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON body (undefined when the body is not JSON). */
  readonly json: {
    data?: Record<string, unknown> | null;
    errors?: { type?: string; path?: (string | number)[]; message: string; locations?: unknown[]; extensions?: Record<string, unknown> }[];
    message?: string;
    documentation_url?: string;
  };
}

export interface PostOptions {
  token?: string | null;
  /** Authorization scheme; default `bearer`. */
  scheme?: string;
  operationName?: string;
  /** Sent as is instead of a JSON request. */
  rawBody?: string;
}

/**
 * POSTs one GraphQL request to the test GitHub with plain fetch, so tests see the
 * HTTP level (status, headers, body) that client libraries hide.
 */
export async function post(gh: TestGitHub, query: string, variables: Record<string, unknown> = {}, opts: PostOptions = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = opts.token === undefined ? gh.token : opts.token;
  if (token !== null) headers.authorization = `${opts.scheme ?? 'bearer'} ${token}`;
  const res = await fetch(gh.url, {
    method: 'POST',
    headers,
    body: opts.rawBody ?? JSON.stringify({ query, variables, operationName: opts.operationName }),
  });
  const text = await res.text();
  let json: RawResponse['json'];
  try {
    json = JSON.parse(text) as RawResponse['json'];
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, json };
}
