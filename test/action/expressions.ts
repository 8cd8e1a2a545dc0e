// A small evaluator of GitHub Actions expressions (`${{ … }}`), enough for the example
// workflow to be played as the runner would: contexts with dotted (and dashed) names,
// string/number/boolean/null literals, ! == != && || and parentheses, and the functions
// startsWith, endsWith, contains, fromJSON, toJSON, format, always, cancelled, success, failure.
// The semantics follow GitHub's documentation: && and || yield an operand, comparisons of
// strings ignore case, a missing property is null.

export type Value = unknown;
export type Contexts = Readonly<Record<string, Value>>;

type Token = { kind: 'str' | 'num' | 'id' | 'op'; text: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let s = '';
      for (i++; ; i++) {
        if (i >= src.length) throw new Error(`unterminated string in ${src}`);
        if (src[i] === "'" && src[i + 1] === "'") {
          s += "'";
          i++;
        } else if (src[i] === "'") break;
        else s += src[i];
      }
      i++;
      out.push({ kind: 'str', text: s });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9.]+/.exec(src.slice(i))![0];
      out.push({ kind: 'num', text: m });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))![0];
      out.push({ kind: 'id', text: m });
      i += m.length;
    } else {
      const two = src.slice(i, i + 2);
      const op = ['==', '!=', '&&', '||', '<=', '>='].includes(two) ? two : c;
      if (!['==', '!=', '&&', '||', '!', '(', ')', '.', ',', '[', ']'].includes(op)) throw new Error(`unexpected ${op} in ${src}`);
      out.push({ kind: 'op', text: op });
      i += op.length;
    }
  }
  return out;
}

const truthy = (v: Value) => !(v === null || v === undefined || v === false || v === 0 || v === '' || Number.isNaN(v));
const str = (v: Value): string => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b) return a === b;
  const num = (v: Value) => (v === null ? 0 : typeof v === 'boolean' ? Number(v) : typeof v === 'string' ? (v.trim() === '' ? 0 : Number(v)) : NaN);
  return num(a) === num(b);
}

const FUNCTIONS: Readonly<Record<string, (status: JobStatus, ...args: Value[]) => Value>> = {
  startswith: (_s, a, b) => str(a).toLowerCase().startsWith(str(b).toLowerCase()),
  endswith: (_s, a, b) => str(a).toLowerCase().endsWith(str(b).toLowerCase()),
  contains: (_s, a, b) => (Array.isArray(a) ? a.some((x) => equal(x, b)) : str(a).toLowerCase().includes(str(b).toLowerCase())),
  fromjson: (_s, a) => JSON.parse(str(a)),
  tojson: (_s, a) => JSON.stringify(a, null, 2),
  format: (_s, f, ...args) => str(f).replace(/\{(\d+)\}/g, (_, n: string) => str(args[Number(n)])),
  always: () => true,
  cancelled: (s) => s.cancelled,
  success: (s) => !s.failed && !s.cancelled,
  failure: (s) => s.failed,
};

/** What the status functions see: whether the workflow was cancelled, whether a job or step before failed. */
export interface JobStatus {
  readonly cancelled: boolean;
  readonly failed: boolean;
}

/** Evaluates one expression (the text inside `${{ }}`, or an `if:` without it). */
export function evaluate(src: string, ctx: Contexts, status: JobStatus = { cancelled: false, failed: false }): Value {
  const tokens = tokenize(src);
  let p = 0;
  const peek = () => tokens[p];
  const eat = (text?: string) => {
    const t = tokens[p++];
    if (!t || (text !== undefined && t.text !== text)) throw new Error(`expected ${text ?? 'more'} in ${src}`);
    return t;
  };
  const primary = (): Value => {
    const t = eat();
    if (t.kind === 'str') return t.text;
    if (t.kind === 'num') return Number(t.text);
    if (t.text === '(') {
      const v = or();
      eat(')');
      return v;
    }
    if (t.text === '!') return !truthy(primary());
    if (t.kind !== 'id') throw new Error(`unexpected ${t.text} in ${src}`);
    if (t.text === 'true' || t.text === 'false') return t.text === 'true';
    if (t.text === 'null') return null;
    if (peek()?.text === '(') {
      eat('(');
      const args: Value[] = [];
      while (peek()?.text !== ')') {
        args.push(or());
        if (peek()?.text === ',') eat(',');
      }
      eat(')');
      const f = FUNCTIONS[t.text.toLowerCase()];
      if (!f) throw new Error(`unknown function ${t.text} in ${src}`);
      return f(status, ...args);
    }
    let v: Value = ctx[t.text] ?? null;
    while (peek()?.text === '.' || peek()?.text === '[') {
      const key = eat().text === '.' ? eat().text : (() => { const k = str(or()); eat(']'); return k; })();
      v = v !== null && typeof v === 'object' ? ((v as Record<string, Value>)[key] ?? null) : null;
    }
    return v;
  };
  const comparison = (): Value => {
    let v = primary();
    while (peek()?.text === '==' || peek()?.text === '!=') {
      const op = eat().text;
      const r = primary();
      v = op === '==' ? equal(v, r) : !equal(v, r);
    }
    return v;
  };
  const and = (): Value => {
    let v = comparison();
    while (peek()?.text === '&&') {
      eat();
      const r = comparison();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const or = (): Value => {
    let v = and();
    while (peek()?.text === '||') {
      eat();
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const v = or();
  if (p !== tokens.length) throw new Error(`unexpected ${tokens[p].text} in ${src}`);
  return v;
}

/** A value from the workflow with every `${{ }}` replaced (a value that is one expression keeps its type). */
export function interpolate(text: string, ctx: Contexts, status?: JobStatus): Value {
  const whole = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(text);
  if (whole && !whole[1].includes('}}')) return evaluate(whole[1], ctx, status);
  return text.replace(/\$\{\{(.*?)\}\}/gs, (_, e: string) => str(evaluate(e, ctx, status)));
}

/** An `if:` as the runner reads it: with or without `${{ }}`, truthy or not. */
export function condition(text: string | boolean | undefined, ctx: Contexts, status: JobStatus): boolean {
  if (text === undefined) return !status.failed && !status.cancelled;
  if (typeof text === 'boolean') return text;
  const inner = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(text)?.[1] ?? text;
  return truthy(evaluate(inner, ctx, status));
}

/** A value as a string, as the runner hands inputs and outputs on. */
export function asString(v: Value): string {
  return str(v);
}
