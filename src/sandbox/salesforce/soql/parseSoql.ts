/**
 * A parser for the SOQL subset leadloop sends: SELECT fields (dotted relationship paths) or COUNT(),
 * FROM one object, WHERE with AND/OR/NOT/parentheses, = != <> < <= > >= IN / NOT IN / LIKE,
 * string literals with SOQL backslash escapes, numbers, TRUE/FALSE/NULL, datetime and date literals,
 * date functions (TODAY, LAST_N_DAYS:n …), ORDER BY … ASC|DESC NULLS FIRST|LAST, LIMIT, OFFSET.
 * Errors carry Salesforce's codes and its "ERROR at Row:1:Column:N" message format.
 */

export interface FieldRef {
  path: string[];
  text: string;
  column: number;
}
export type SoqlLiteral =
  | { kind: 'string'; value: string; column: number }
  | { kind: 'number'; value: number; column: number }
  | { kind: 'boolean'; value: boolean; column: number }
  | { kind: 'null'; column: number }
  | { kind: 'datetime'; ms: number; column: number }
  | { kind: 'date'; value: string; column: number }
  | { kind: 'dateLiteral'; name: string; n: number; column: number };
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; field: FieldRef; op: CompareOp; value: SoqlLiteral }
  | { kind: 'in'; field: FieldRef; negated: boolean; values: SoqlLiteral[] }
  | { kind: 'like'; field: FieldRef; pattern: string };
export interface OrderItem {
  field: FieldRef;
  descending: boolean;
  nullsFirst: boolean;
}
export interface SoqlQuery {
  soql: string;
  count: boolean;
  fields: FieldRef[];
  from: { name: string; column: number };
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}

export class SoqlError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'SoqlError';
  }
}

/** Salesforce's query error message: the query, a caret under the column, the position, the reason. */
export function soqlErrorMessage(soql: string, column: number, reason: string): string {
  return `\n${soql}\n${' '.repeat(Math.max(0, column - 1))}^\nERROR at Row:1:Column:${column}\n${reason}`;
}

interface Token {
  type: 'word' | 'string' | 'number' | 'datetime' | 'date' | 'op' | 'punct' | 'eof';
  text: string;
  value?: string;
  column: number;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
  _: '\\_',
  '%': '\\%',
};

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (column: number, reason: string): never => {
    throw new SoqlError('MALFORMED_QUERY', soqlErrorMessage(soql, column, reason));
  };
  while (i < soql.length) {
    const c = soql[i]!;
    const column = i + 1;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= soql.length) fail(column, 'line 1:' + (column - 1) + " mismatched character '<EOF>' expecting '''");
        const ch = soql[i]!;
        if (ch === '\\') {
          const next = soql[i + 1] ?? '';
          const mapped = ESCAPES[next];
          if (mapped === undefined)
            fail(
              i + 1,
              `Invalid string literal '${soql.slice(column - 1, i + 2)}'. Illegal character sequence '\\${next}' in string literal.`,
            );
          value += mapped;
          i += 2;
        } else if (ch === "'") {
          i += 1;
          break;
        } else {
          value += ch;
          i += 1;
        }
      }
      tokens.push({ type: 'string', text: soql.slice(column - 1, i), value, column });
      continue;
    }
    const dateMatch = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2}))?/.exec(soql.slice(i));
    if (dateMatch) {
      tokens.push({ type: dateMatch[1] ? 'datetime' : 'date', text: dateMatch[0], column });
      i += dateMatch[0].length;
      continue;
    }
    const numberMatch = /^-?\d+(\.\d+)?/.exec(soql.slice(i));
    if (numberMatch) {
      tokens.push({ type: 'number', text: numberMatch[0], column });
      i += numberMatch[0].length;
      continue;
    }
    const wordMatch = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(soql.slice(i));
    if (wordMatch) {
      tokens.push({ type: 'word', text: wordMatch[0], column });
      i += wordMatch[0].length;
      continue;
    }
    const op = ['!=', '<>', '<=', '>=', '=', '<', '>'].find((o) => soql.startsWith(o, i));
    if (op) {
      tokens.push({ type: 'op', text: op === '<>' ? '!=' : op, column });
      i += op.length;
      continue;
    }
    if ('(),:'.includes(c)) {
      tokens.push({ type: 'punct', text: c, column });
      i += 1;
      continue;
    }
    fail(column, `unexpected token: '${c}'`);
  }
  tokens.push({ type: 'eof', text: '<EOF>', column: soql.length + 1 });
  return tokens;
}

const DATE_LITERALS = new Set([
  'TODAY',
  'YESTERDAY',
  'TOMORROW',
  'LAST_WEEK',
  'THIS_WEEK',
  'LAST_MONTH',
  'THIS_MONTH',
  'LAST_90_DAYS',
  'THIS_YEAR',
  'LAST_YEAR',
]);
const DATE_N_LITERALS = new Set(['LAST_N_DAYS', 'NEXT_N_DAYS', 'LAST_N_MONTHS', 'LAST_N_WEEKS']);

export function parseSoql(soql: string): SoqlQuery {
  const tokens = tokenize(soql);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const next = (): Token => tokens[pos++]!;
  const isWord = (word: string, t: Token = peek()): boolean => t.type === 'word' && t.text.toUpperCase() === word;
  const unexpected = (t: Token): never => {
    throw new SoqlError(
      'MALFORMED_QUERY',
      soqlErrorMessage(soql, t.column, `unexpected token: ${t.type === 'eof' ? '<EOF>' : `'${t.text}'`}`),
    );
  };
  const expectWord = (word: string): Token => (isWord(word) ? next() : unexpected(peek()));
  const expectPunct = (p: string): Token =>
    peek().type === 'punct' && peek().text === p ? next() : unexpected(peek());
  const fieldRef = (): FieldRef => {
    const t = next();
    if (t.type !== 'word' || ['FROM', 'WHERE', 'AND', 'OR'].includes(t.text.toUpperCase())) unexpected(t);
    return { path: t.text.split('.'), text: t.text, column: t.column };
  };
  const literal = (): SoqlLiteral => {
    const t = next();
    switch (t.type) {
      case 'string':
        return { kind: 'string', value: t.value!, column: t.column };
      case 'number':
        return { kind: 'number', value: Number(t.text), column: t.column };
      case 'datetime': {
        const ms = Date.parse(t.text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
        return Number.isNaN(ms) ? unexpected(t) : { kind: 'datetime', ms, column: t.column };
      }
      case 'date':
        return { kind: 'date', value: t.text, column: t.column };
      case 'word': {
        const upper = t.text.toUpperCase();
        if (upper === 'NULL') return { kind: 'null', column: t.column };
        if (upper === 'TRUE' || upper === 'FALSE')
          return { kind: 'boolean', value: upper === 'TRUE', column: t.column };
        if (DATE_LITERALS.has(upper)) return { kind: 'dateLiteral', name: upper, n: 0, column: t.column };
        if (DATE_N_LITERALS.has(upper)) {
          expectPunct(':');
          const n = next();
          return n.type === 'number'
            ? { kind: 'dateLiteral', name: upper, n: Number(n.text), column: t.column }
            : unexpected(n);
        }
        return unexpected(t);
      }
      default:
        return unexpected(t);
    }
  };
  const primary = (): Condition => {
    if (peek().type === 'punct' && peek().text === '(') {
      next();
      const inner = orExpr();
      expectPunct(')');
      return inner;
    }
    if (isWord('NOT')) {
      next();
      return { kind: 'not', item: primary() };
    }
    const field = fieldRef();
    const t = peek();
    if (t.type === 'op') {
      next();
      return { kind: 'compare', field, op: t.text as CompareOp, value: literal() };
    }
    if (isWord('LIKE')) {
      next();
      const pattern = next();
      return pattern.type === 'string' ? { kind: 'like', field, pattern: pattern.value! } : unexpected(pattern);
    }
    const negated = isWord('NOT');
    if (negated) next();
    if (isWord('IN')) {
      next();
      expectPunct('(');
      const values = [literal()];
      while (peek().type === 'punct' && peek().text === ',') {
        next();
        values.push(literal());
      }
      expectPunct(')');
      return { kind: 'in', field, negated, values };
    }
    return unexpected(peek());
  };
  const andExpr = (): Condition => {
    const items = [primary()];
    while (isWord('AND')) {
      next();
      items.push(primary());
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const orExpr = (): Condition => {
    const items = [andExpr()];
    while (isWord('OR')) {
      next();
      items.push(andExpr());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };

  expectWord('SELECT');
  let count = false;
  const fields: FieldRef[] = [];
  if (isWord('COUNT') && tokens[pos + 1]?.text === '(') {
    next();
    next();
    if (peek().type === 'word') next();
    expectPunct(')');
    count = true;
  } else {
    fields.push(fieldRef());
    while (peek().type === 'punct' && peek().text === ',') {
      next();
      fields.push(fieldRef());
    }
  }
  expectWord('FROM');
  const fromToken = next();
  if (fromToken.type !== 'word') unexpected(fromToken);
  const query: SoqlQuery = {
    soql,
    count,
    fields,
    from: { name: fromToken.text, column: fromToken.column },
    orderBy: [],
  };
  if (isWord('WHERE')) {
    next();
    query.where = orExpr();
  }
  if (isWord('ORDER')) {
    next();
    expectWord('BY');
    do {
      if (query.orderBy.length > 0) next();
      const field = fieldRef();
      let descending = false;
      if (isWord('ASC') || isWord('DESC')) descending = next().text.toUpperCase() === 'DESC';
      let nullsFirst = !descending;
      if (isWord('NULLS')) {
        next();
        nullsFirst = isWord('FIRST') ? (next(), true) : (expectWord('LAST'), false);
      }
      query.orderBy.push({ field, descending, nullsFirst });
    } while (peek().type === 'punct' && peek().text === ',');
  }
  if (isWord('LIMIT')) {
    next();
    const n = next();
    query.limit = n.type === 'number' ? Number(n.text) : unexpected(n);
  }
  if (isWord('OFFSET')) {
    next();
    const n = next();
    query.offset = n.type === 'number' ? Number(n.text) : unexpected(n);
    // https://developer.salesforce.com/docs/atlas.en-us.252.0.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_offset.htm
    if (query.offset > 2000) throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is 2000`);
  }
  if (peek().type !== 'eof') unexpected(peek());
  return query;
}
