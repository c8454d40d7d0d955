/**
 * A parser for the subset of the CloudWatch Logs Insights query language the project ships
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax.html):
 * `fields`, `filter`, `stats … by …` (with `bin()`), `sort`, `limit` and `display`, joined by `|`,
 * with `#` comments. Anything outside the subset is refused with `MalformedQueryError`, as
 * Insights refuses a query it cannot parse, so a query that works here uses nothing we do not emulate.
 */

export class MalformedQueryError extends Error {
  override name = 'MalformedQueryError';
}

export type Expr =
  | { kind: 'field'; name: string }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'regex'; pattern: RegExp }
  | { kind: 'list'; items: Expr[] }
  | { kind: 'unary'; op: 'not' | '-'; arg: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr }
  | { kind: 'call'; name: string; args: Expr[] };

export interface Projection {
  expr: Expr;
  alias: string;
}

export type Command =
  | { kind: 'fields'; projections: Projection[] }
  | { kind: 'display'; projections: Projection[] }
  | { kind: 'filter'; expr: Expr }
  | { kind: 'stats'; aggregates: Projection[]; groupBy: Projection[] }
  | { kind: 'sort'; keys: { expr: Expr; name: string; descending: boolean }[] }
  | { kind: 'limit'; count: number };

/** The aggregate functions `stats` accepts. */
export const AGGREGATES = new Set(['count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'pct', 'earliest', 'latest']);
/** The scalar functions expressions accept. */
export const SCALARS = new Set(['bin', 'ispresent', 'isempty', 'isblank', 'strlen', 'tolower', 'toupper', 'abs', 'floor', 'ceil', 'round', 'concat', 'coalesce']);

type Token = { type: 'ident' | 'string' | 'number' | 'regex' | 'op' | 'duration'; text: string; value?: unknown };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i += 1;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let value = '';
      while (j < source.length && source[j] !== c) {
        if (source[j] === '\\' && j + 1 < source.length) j += 1;
        value += source[j];
        j += 1;
      }
      if (j >= source.length) throw new MalformedQueryError(`unterminated string starting at character ${i}`);
      tokens.push({ type: 'string', text: source.slice(i, j + 1), value });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = source.indexOf('`', i + 1);
      if (j < 0) throw new MalformedQueryError(`unterminated \` at character ${i}`);
      tokens.push({ type: 'ident', text: source.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    // A regex literal `/…/` may only appear after `like` / `=~`.
    const prev = tokens[tokens.length - 1];
    if (c === '/' && prev && ((prev.type === 'ident' && prev.text.toLowerCase() === 'like') || prev.text === '=~')) {
      let j = i + 1;
      while (j < source.length && source[j] !== '/') j += source[j] === '\\' ? 2 : 1;
      if (j >= source.length) throw new MalformedQueryError(`unterminated regular expression at character ${i}`);
      const flags = /^[a-z]*/.exec(source.slice(j + 1))![0];
      try {
        tokens.push({ type: 'regex', text: source.slice(i, j + 1 + flags.length), value: new RegExp(source.slice(i + 1, j), flags.replace('g', '')) });
      } catch (error) {
        throw new MalformedQueryError(`invalid regular expression: ${(error as Error).message}`);
      }
      i = j + 1 + flags.length;
      continue;
    }
    const number = /^\d+(?:\.\d+)?(ms|mo|[smhdwqy])?/.exec(source.slice(i));
    if (number && !/[A-Za-z_@]/.test(source[i + number[0].length] ?? '')) {
      tokens.push(number[1] ? { type: 'duration', text: number[0] } : { type: 'number', text: number[0], value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    // Names with other characters (a hyphen, a space) are written in backticks, as in Insights.
    const ident = /^[@A-Za-z_][\w.@$]*/.exec(source.slice(i));
    if (ident) {
      tokens.push({ type: 'ident', text: ident[0] });
      i += ident[0].length;
      continue;
    }
    const op = /^(<=|>=|!=|=~|[=<>()*,|+\-/[\]%^])/.exec(source.slice(i));
    if (!op) throw new MalformedQueryError(`unexpected character ${JSON.stringify(c)} at ${i}`);
    tokens.push({ type: 'op', text: op[0] });
    i += op[0].length;
  }
  return tokens;
}

const DURATION_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `5m` → 300000. Months, quarters and years are not fixed lengths and are refused. */
export function durationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|mo|[smhdwqy])$/.exec(text);
  if (!m || !(m[2]! in DURATION_MS)) throw new MalformedQueryError(`unsupported bin period ${JSON.stringify(text)} (use ms, s, m, h, d or w)`);
  const ms = Number(m[1]) * DURATION_MS[m[2]!]!;
  if (ms <= 0) throw new MalformedQueryError(`bin period must be positive: ${text}`);
  return ms;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  private atKeyword(word: string): boolean {
    const t = this.peek();
    return t?.type === 'ident' && t.text.toLowerCase() === word;
  }
  private atOp(op: string): boolean {
    const t = this.peek();
    return t?.type === 'op' && t.text === op;
  }
  private next(): Token {
    const t = this.tokens[this.pos++];
    if (!t) throw new MalformedQueryError('unexpected end of query');
    return t;
  }
  private expectOp(op: string): void {
    const t = this.next();
    if (t.type !== 'op' || t.text !== op) throw new MalformedQueryError(`expected ${JSON.stringify(op)} but found ${JSON.stringify(t.text)}`);
  }

  parseQuery(): Command[] {
    const commands: Command[] = [];
    for (;;) {
      commands.push(this.parseCommand());
      if (this.pos >= this.tokens.length) break;
      this.expectOp('|');
    }
    return commands;
  }

  private parseCommand(): Command {
    const t = this.next();
    if (t.type !== 'ident') throw new MalformedQueryError(`expected a command but found ${JSON.stringify(t.text)}`);
    switch (t.text.toLowerCase()) {
      case 'fields':
        return { kind: 'fields', projections: this.parseProjections() };
      case 'display':
        return { kind: 'display', projections: this.parseProjections() };
      case 'filter':
        return { kind: 'filter', expr: this.parseExpr() };
      case 'stats': {
        const aggregates = this.parseProjections(true);
        const groupBy = this.atKeyword('by') ? (this.next(), this.parseProjections()) : [];
        return { kind: 'stats', aggregates, groupBy };
      }
      case 'sort': {
        const keys: { expr: Expr; name: string; descending: boolean }[] = [];
        do {
          if (keys.length) this.next();
          const expr = this.parseExpr();
          let descending = false;
          if (this.atKeyword('desc') || this.atKeyword('asc')) descending = this.next().text.toLowerCase() === 'desc';
          keys.push({ expr, name: nameOf(expr), descending });
        } while (this.atOp(','));
        return { kind: 'sort', keys };
      }
      case 'limit': {
        const n = this.next();
        if (n.type !== 'number' || !Number.isInteger(n.value) || (n.value as number) < 1 || (n.value as number) > 10_000) {
          throw new MalformedQueryError('limit takes an integer from 1 to 10000');
        }
        return { kind: 'limit', count: n.value as number };
      }
      default:
        throw new MalformedQueryError(`unsupported command ${JSON.stringify(t.text)} (supported: fields, filter, stats, sort, limit, display)`);
    }
  }

  private parseProjections(aggregates = false): Projection[] {
    const out: Projection[] = [];
    do {
      if (out.length) this.next();
      const expr = this.parseExpr();
      if (aggregates && !(expr.kind === 'call' && AGGREGATES.has(expr.name))) {
        throw new MalformedQueryError(`stats needs aggregate functions (${[...AGGREGATES].join(', ')})`);
      }
      let alias = nameOf(expr);
      if (this.atKeyword('as')) {
        this.next();
        const a = this.next();
        if (a.type !== 'ident') throw new MalformedQueryError(`expected a name after "as" but found ${JSON.stringify(a.text)}`);
        alias = a.text;
      }
      out.push({ expr, alias });
    } while (this.atOp(','));
    return out;
  }

  parseExpr(): Expr {
    return this.parseOr();
  }
  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.atKeyword('or')) {
      this.next();
      left = { kind: 'binary', op: 'or', left, right: this.parseAnd() };
    }
    return left;
  }
  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.atKeyword('and')) {
      this.next();
      left = { kind: 'binary', op: 'and', left, right: this.parseNot() };
    }
    return left;
  }
  private parseNot(): Expr {
    if (this.atKeyword('not')) {
      this.next();
      return { kind: 'unary', op: 'not', arg: this.parseNot() };
    }
    return this.parseComparison();
  }
  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const t = this.peek();
    if (t?.type === 'op' && ['=', '!=', '<', '<=', '>', '>=', '=~'].includes(t.text)) {
      this.next();
      return { kind: 'binary', op: t.text === '=~' ? 'like' : t.text, left, right: this.parseAdditive() };
    }
    if (this.atKeyword('like')) {
      this.next();
      return { kind: 'binary', op: 'like', left, right: this.parseAdditive() };
    }
    if (this.atKeyword('not') && this.peek(1)?.text.toLowerCase() === 'like') {
      this.pos += 2;
      return { kind: 'unary', op: 'not', arg: { kind: 'binary', op: 'like', left, right: this.parseAdditive() } };
    }
    if (this.atKeyword('in')) {
      this.next();
      return { kind: 'binary', op: 'in', left, right: this.parseAdditive() };
    }
    if (this.atKeyword('not') && this.peek(1)?.text.toLowerCase() === 'in') {
      this.pos += 2;
      return { kind: 'unary', op: 'not', arg: { kind: 'binary', op: 'in', left, right: this.parseAdditive() } };
    }
    return left;
  }
  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.atOp('+') || this.atOp('-')) {
      const op = this.next().text;
      left = { kind: 'binary', op, left, right: this.parseMultiplicative() };
    }
    return left;
  }
  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.atOp('*') || this.atOp('/') || this.atOp('%')) {
      const op = this.next().text;
      left = { kind: 'binary', op, left, right: this.parseUnary() };
    }
    return left;
  }
  private parseUnary(): Expr {
    if (this.atOp('-')) {
      this.next();
      return { kind: 'unary', op: '-', arg: this.parseUnary() };
    }
    return this.parsePrimary();
  }
  private parsePrimary(): Expr {
    const t = this.next();
    if (t.type === 'string') return { kind: 'literal', value: t.value as string };
    if (t.type === 'number') return { kind: 'literal', value: t.value as number };
    if (t.type === 'regex') return { kind: 'regex', pattern: t.value as RegExp };
    if (t.type === 'duration') return { kind: 'literal', value: t.text };
    if (t.type === 'op' && t.text === '(') {
      const e = this.parseExpr();
      this.expectOp(')');
      return e;
    }
    if (t.type === 'op' && t.text === '[') {
      const items: Expr[] = [];
      while (!this.atOp(']')) {
        if (items.length) this.expectOp(',');
        items.push(this.parseExpr());
      }
      this.next();
      return { kind: 'list', items };
    }
    if (t.type === 'op' && t.text === '*') return { kind: 'literal', value: '*' };
    if (t.type === 'ident') {
      const lower = t.text.toLowerCase();
      if (this.atOp('(')) {
        if (!AGGREGATES.has(lower) && !SCALARS.has(lower)) throw new MalformedQueryError(`unsupported function ${t.text}()`);
        this.next();
        const args: Expr[] = [];
        while (!this.atOp(')')) {
          if (args.length) this.expectOp(',');
          args.push(this.parseExpr());
        }
        this.next();
        if (lower === 'bin') {
          const period = args[0];
          if (args.length !== 1 || period?.kind !== 'literal' || typeof period.value !== 'string') throw new MalformedQueryError('bin() takes one period such as 1h or 1d');
          durationMs(period.value);
        }
        return { kind: 'call', name: lower, args };
      }
      if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
      return { kind: 'field', name: t.text };
    }
    throw new MalformedQueryError(`unexpected ${JSON.stringify(t.text)}`);
  }

  done(): boolean {
    return this.pos >= this.tokens.length;
  }
}

/** The column name Insights gives an unaliased expression (`count(*)`, `bin(1h)`, the field's name). */
export function nameOf(expr: Expr): string {
  switch (expr.kind) {
    case 'field':
      return expr.name;
    case 'literal':
      return typeof expr.value === 'string' && expr.value !== '*' ? JSON.stringify(expr.value) : String(expr.value);
    case 'call':
      return `${expr.name}(${expr.args.map(nameOf).join(',')})`;
    case 'binary':
      return `${nameOf(expr.left)}${expr.op}${nameOf(expr.right)}`;
    case 'unary':
      return `${expr.op}${nameOf(expr.arg)}`;
    case 'regex':
      return String(expr.pattern);
    case 'list':
      return `[${expr.items.map(nameOf).join(',')}]`;
  }
}

/** Parses a query string into its commands, or throws `MalformedQueryError` naming the problem. */
export function parseInsightsQuery(query: string): Command[] {
  const tokens = tokenize(query);
  if (!tokens.length) throw new MalformedQueryError('the query is empty');
  const parser = new Parser(tokens);
  const commands = parser.parseQuery();
  if (!parser.done()) throw new MalformedQueryError('unexpected text after the query');
  return commands;
}
