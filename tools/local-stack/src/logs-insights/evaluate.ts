import { durationMs, MalformedQueryError, nameOf, type Command, type Expr, type Projection } from './query-language';

/** One log event as Insights sees it: system fields plus the fields discovered in a JSON message. */
export type LogRecord = Record<string, unknown> & { '@timestamp': number; '@message': string };

/** A result row: field name → value (Insights returns every value as a string). */
export type ResultRow = { field: string; value: string }[];

/** Insights prints timestamps (and `bin()` values) as `YYYY-MM-DD HH:MM:SS.mmm` in UTC. */
export function formatInsightsTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

const TIME_FIELDS = new Set(['@timestamp', '@ingestionTime']);

/**
 * Builds the record Insights would query for one captured line: `@timestamp`, `@message`,
 * `@logStream`, `@log`, and, when the message is a JSON object, its fields flattened with dots
 * (`a.b`, arrays as `a.0`), as Insights discovers JSON fields
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html).
 */
export function toLogRecord(line: { timestamp: number; ingestionTime?: number; message: string }, logGroup: string, logStream: string): LogRecord {
  const record: LogRecord = {
    '@timestamp': line.timestamp,
    '@ingestionTime': line.ingestionTime ?? line.timestamp,
    '@message': line.message,
    '@logStream': logStream,
    '@log': logGroup,
  };
  const text = line.message.trim();
  if (text.startsWith('{')) {
    try {
      flatten(JSON.parse(text), '', record, 0);
    } catch {
      // Not JSON after all: only the system fields, as Insights does.
    }
  }
  return record;
}

function flatten(value: unknown, prefix: string, into: Record<string, unknown>, depth: number): void {
  if (value !== null && typeof value === 'object' && depth < 20) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${k}` : k, into, depth + 1);
    return;
  }
  if (prefix && !(prefix in into)) into[prefix] = value;
}

const isPresent = (v: unknown) => v !== undefined && v !== null;

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

function compare(a: unknown, b: unknown): number {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  const s = String(a);
  const t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

function evaluate(expr: Expr, record: Record<string, unknown>): unknown {
  switch (expr.kind) {
    case 'field':
      return record[expr.name];
    case 'literal':
      return expr.value;
    case 'regex':
      return expr.pattern;
    case 'list':
      return expr.items.map((i) => evaluate(i, record));
    case 'unary': {
      const v = evaluate(expr.arg, record);
      return expr.op === 'not' ? !truthy(v) : isPresent(v) ? -(asNumber(v) ?? NaN) : undefined;
    }
    case 'binary':
      return binary(expr, record);
    case 'call':
      return scalar(expr, record);
  }
}

function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'number' && v !== 0) || (typeof v === 'string' && v !== '' && v !== 'false');
}

function binary(expr: Extract<Expr, { kind: 'binary' }>, record: Record<string, unknown>): unknown {
  if (expr.op === 'and') return truthy(evaluate(expr.left, record)) && truthy(evaluate(expr.right, record));
  if (expr.op === 'or') return truthy(evaluate(expr.left, record)) || truthy(evaluate(expr.right, record));
  const l = evaluate(expr.left, record);
  const r = evaluate(expr.right, record);
  switch (expr.op) {
    case 'like':
      if (!isPresent(l)) return false;
      return r instanceof RegExp ? r.test(String(l)) : String(l).includes(String(r));
    case 'in':
      return Array.isArray(r) && isPresent(l) && r.some((item) => compare(l, item) === 0);
  }
  // A comparison with a missing field is false, as in Insights.
  if (!isPresent(l) || !isPresent(r)) return expr.op === '!=' ? isPresent(l) !== isPresent(r) : false;
  switch (expr.op) {
    case '=':
      return compare(l, r) === 0;
    case '!=':
      return compare(l, r) !== 0;
    case '<':
      return compare(l, r) < 0;
    case '<=':
      return compare(l, r) <= 0;
    case '>':
      return compare(l, r) > 0;
    case '>=':
      return compare(l, r) >= 0;
  }
  const x = asNumber(l);
  const y = asNumber(r);
  if (x === undefined || y === undefined) return undefined;
  switch (expr.op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? undefined : x / y;
    case '%':
      return y === 0 ? undefined : x % y;
  }
  throw new MalformedQueryError(`unsupported operator ${expr.op}`);
}

function scalar(expr: Extract<Expr, { kind: 'call' }>, record: Record<string, unknown>): unknown {
  const arg = (i: number) => (expr.args[i] ? evaluate(expr.args[i]!, record) : undefined);
  switch (expr.name) {
    case 'bin': {
      const period = durationMs(String((expr.args[0] as { value: string }).value));
      return Math.floor(record['@timestamp'] as number / period) * period;
    }
    case 'ispresent':
      return isPresent(arg(0));
    case 'isempty':
      return !isPresent(arg(0)) || arg(0) === '';
    case 'isblank':
      return !isPresent(arg(0)) || String(arg(0)).trim() === '';
    case 'strlen':
      return isPresent(arg(0)) ? String(arg(0)).length : undefined;
    case 'tolower':
      return isPresent(arg(0)) ? String(arg(0)).toLowerCase() : undefined;
    case 'toupper':
      return isPresent(arg(0)) ? String(arg(0)).toUpperCase() : undefined;
    case 'abs':
    case 'floor':
    case 'ceil':
    case 'round': {
      const n = asNumber(arg(0));
      return n === undefined ? undefined : Math[expr.name](n);
    }
    case 'concat':
      return expr.args.map((_, i) => (isPresent(arg(i)) ? String(arg(i)) : '')).join('');
    case 'coalesce':
      return expr.args.map((_, i) => arg(i)).find(isPresent);
  }
  throw new MalformedQueryError(`${expr.name}() can only be used in stats`);
}

function aggregate(projection: Projection, records: Record<string, unknown>[]): unknown {
  const call = projection.expr as Extract<Expr, { kind: 'call' }>;
  const values = () => records.map((r) => (call.args[0] ? evaluate(call.args[0], r) : undefined)).filter(isPresent);
  const numbers = () => values().map(asNumber).filter((n): n is number => n !== undefined);
  switch (call.name) {
    case 'count':
      return call.args.length === 0 || (call.args[0]?.kind === 'literal' && call.args[0].value === '*') ? records.length : values().length;
    case 'count_distinct':
      return new Set(values().map(String)).size;
    case 'sum':
      return numbers().reduce((a, b) => a + b, 0);
    case 'avg': {
      const n = numbers();
      return n.length ? n.reduce((a, b) => a + b, 0) / n.length : undefined;
    }
    case 'min':
      return numbers().reduce<number | undefined>((a, b) => (a === undefined || b < a ? b : a), undefined);
    case 'max':
      return numbers().reduce<number | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
    case 'pct': {
      // Nearest-rank percentile; Insights approximates, so callers compare within tolerance.
      const n = numbers().sort((a, b) => a - b);
      const p = asNumber(call.args[1] ? evaluate(call.args[1], {}) : undefined) ?? 50;
      return n.length ? n[Math.min(n.length - 1, Math.max(0, Math.ceil((p / 100) * n.length) - 1))] : undefined;
    }
    case 'earliest':
    case 'latest': {
      const present = records.filter((r) => isPresent(call.args[0] ? evaluate(call.args[0], r) : undefined));
      if (!present.length) return undefined;
      const pick = present.reduce((a, b) => ((call.name === 'earliest' ? (b['@timestamp'] as number) < (a['@timestamp'] as number) : (b['@timestamp'] as number) > (a['@timestamp'] as number)) ? b : a));
      return evaluate(call.args[0]!, pick);
    }
  }
  throw new MalformedQueryError(`unsupported aggregate ${call.name}()`);
}

function format(field: string, value: unknown, timeValued: Set<string>): string {
  if (typeof value === 'number' && timeValued.has(field)) return formatInsightsTimestamp(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export interface QueryOutcome {
  rows: ResultRow[];
  recordsMatched: number;
  recordsScanned: number;
  bytesScanned: number;
}

/**
 * Runs parsed commands over records, in command order as Insights does. Rows keep the fields the
 * query names (`fields`/`display`, or the `stats` groups and aggregates; `@timestamp` and
 * `@message` when none); each row also gets an `@ptr`. `limit` caps the rows (default `maxRows`).
 */
export function runInsightsQuery(commands: Command[], records: LogRecord[], maxRows = 1000): QueryOutcome {
  let rows: Record<string, unknown>[] = records.map((r) => ({ ...r }));
  const bytesScanned = records.reduce((n, r) => n + Buffer.byteLength(r['@message']), 0);
  let columns: string[] | undefined;
  const timeValued = new Set(TIME_FIELDS);
  let sorted = false;
  let aggregated = false;
  let limit = maxRows;
  let matched = records.length;

  for (const command of commands) {
    switch (command.kind) {
      case 'fields':
      case 'display':
        for (const p of command.projections) {
          if (p.expr.kind === 'call' && p.expr.name === 'bin') timeValued.add(p.alias);
          if (p.expr.kind === 'field' && TIME_FIELDS.has(p.expr.name)) timeValued.add(p.alias);
          if (p.expr.kind !== 'field' || p.alias !== p.expr.name) for (const r of rows) r[p.alias] = evaluate(p.expr, r);
        }
        columns = command.kind === 'display' ? command.projections.map((p) => p.alias) : [...new Set([...(columns ?? []), ...command.projections.map((p) => p.alias)])];
        break;
      case 'filter':
        rows = rows.filter((r) => truthy(evaluate(command.expr, r)));
        if (!aggregated) matched = rows.length;
        break;
      case 'stats': {
        const groups = new Map<string, { keys: unknown[]; members: Record<string, unknown>[] }>();
        for (const r of rows) {
          const keys = command.groupBy.map((g) => evaluate(g.expr, r));
          const id = JSON.stringify(keys);
          let group = groups.get(id);
          if (!group) groups.set(id, (group = { keys, members: [] }));
          group.members.push(r);
        }
        if (!command.groupBy.length && !groups.size) groups.set('[]', { keys: [], members: [] });
        for (const g of command.groupBy) if (g.expr.kind === 'call' && g.expr.name === 'bin') timeValued.add(g.alias);
        rows = [...groups.values()].map((g) => {
          const out: Record<string, unknown> = {};
          command.groupBy.forEach((p, i) => (out[p.alias] = g.keys[i]));
          for (const a of command.aggregates) out[a.alias] = aggregate(a, g.members);
          return out;
        });
        rows.sort((a, b) => {
          for (const p of command.groupBy) {
            const c = compare(a[p.alias] ?? '', b[p.alias] ?? '');
            if (c) return c;
          }
          return 0;
        });
        columns = [...command.groupBy.map((p) => p.alias), ...command.aggregates.map((p) => p.alias)];
        aggregated = true;
        break;
      }
      case 'sort':
        rows.sort((a, b) => {
          for (const k of command.keys) {
            const name = nameOf(k.expr);
            const x = k.expr.kind === 'field' ? a[k.expr.name] : (a[name] ?? evaluate(k.expr, a));
            const y = k.expr.kind === 'field' ? b[k.expr.name] : (b[name] ?? evaluate(k.expr, b));
            const c = !isPresent(x) ? (isPresent(y) ? 1 : 0) : !isPresent(y) ? -1 : compare(x, y);
            if (c) return k.descending ? -c : c;
          }
          return 0;
        });
        sorted = true;
        break;
      case 'limit':
        limit = Math.min(limit, command.count);
        break;
    }
  }
  // Without a sort, a query over log events returns the newest first.
  if (!sorted && !aggregated) rows.sort((a, b) => (b['@timestamp'] as number) - (a['@timestamp'] as number));
  const shown = columns ?? ['@timestamp', '@message'];
  return {
    rows: rows.slice(0, limit).map((r, i) => [
      ...shown.filter((f) => isPresent(r[f])).map((field) => ({ field, value: format(field, r[field], timeValued) })),
      ...(aggregated ? [] : [{ field: '@ptr', value: Buffer.from(`${String(r['@log'])}:${String(r['@logStream'])}:${i}`).toString('base64') }]),
    ]),
    recordsMatched: matched,
    recordsScanned: records.length,
    bytesScanned,
  };
}
