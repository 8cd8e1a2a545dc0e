// Text a server sends back (GraphQL error messages, HTTP error bodies) can hold what the
// client sent it: a proxy that echoes the Authorization header, an Enterprise error that
// quotes a URL with credentials. Such text is redacted before any error carries it.

const SHOWN = '***';

// The user-info part of a URL (`https://user:password@host`, `https://TOKEN@host`).
const URL_USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

/**
 * `text` with every occurrence of the `secrets` and the user info of any URL in it shown
 * as `***`. Empty secrets are ignored.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so that a secret holding another is replaced whole.
  for (const secret of [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(SHOWN);
  }
  return out.replace(URL_USER_INFO, `$1${SHOWN}@`);
}
