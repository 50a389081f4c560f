/**
 * Lints for issue 17 item 4 (docs/scale.md) over the SQL written as template literals in a TypeScript source (an
 * interpolation counts as a blank; SQL in plain strings, or a table named by an interpolation, is not read):
 *  - sqlJoinsWithoutPartnership: the joins of a table distributed by partnership_id whose ON clause does not name that
 *    table's partnership_id (or whose USING list lacks it). It reads `JOIN table [AS] alias ON …` and
 *    `JOIN table USING (…)`; not comma joins (FROM a, b), subqueries correlated in WHERE, or joins to CTEs and
 *    subqueries (their own tables are checked where they are written).
 *  - sqlStatementsWithoutPartnership: the literals that read or write a distributed table and never name
 *    partnership_id at all. Naming it somewhere is all it asks: it does not prove every table of the statement is
 *    filtered by it.
 */
export type LooseJoin = { line: number; table: string; alias: string; on: string };

/** The template literals of a source, each with the line it starts on; comments and other strings skipped. */
export function templateLiterals(src: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let i = 0;
  const lineAt = (at: number) => src.slice(0, at).split('\n').length;
  // Reads code until an unmatched '}' (inside an interpolation) or the end; returns where it stopped.
  const code = (stopAtBrace: boolean): void => {
    let depth = 0;
    while (i < src.length) {
      const c = src[i]!;
      if (c === '/' && src[i + 1] === '/') i = nextIndex(src.indexOf('\n', i));
      else if (c === '/' && src[i + 1] === '*') i = nextIndex(src.indexOf('*/', i + 2), 2);
      else if (c === "'" || c === '"') i = endOfString(src, i, c);
      else if (c === '`') template();
      else if (c === '{') {
        depth++;
        i++;
      } else if (c === '}') {
        if (stopAtBrace && depth === 0) return;
        depth--;
        i++;
      } else i++;
    }
  };
  const nextIndex = (at: number, skip = 1) => (at < 0 ? src.length : at + skip);
  const template = (): void => {
    const start = i;
    let text = '';
    i++;
    while (i < src.length && src[i] !== '`') {
      if (src[i] === '\\') {
        text += src.slice(i, i + 2);
        i += 2;
      } else if (src[i] === '$' && src[i + 1] === '{') {
        const from = i;
        i += 2;
        code(true);
        i++;
        text += ' ' + '\n'.repeat(src.slice(from, i).split('\n').length - 1);
      } else text += src[i++];
    }
    i++;
    out.push({ line: lineAt(start), text });
  };
  code(false);
  return out;
}

function endOfString(src: string, at: number, quote: string): number {
  let i = at + 1;
  while (i < src.length && src[i] !== quote && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
  return i + 1;
}

const joinRe = /\bJOIN\s+(?:LATERAL\s+)?([a-z_][a-z0-9_]*)(?:\s+(?:AS\s+)?(?!ON\b|USING\b)([a-z_][a-z0-9_]*))?\s+(ON|USING)\b/gi;
const clauseEnd = /^(?:JOIN|LEFT|RIGHT|INNER|FULL|CROSS|WHERE|GROUP|ORDER|LIMIT|OFFSET|UNION|EXCEPT|INTERSECT|HAVING|RETURNING|WINDOW|FOR|SET)\b/i;

/** The ON clause (or USING list) after `at`: up to the next clause at the same depth of parentheses. */
function condition(sql: string, at: number): string {
  let depth = 0;
  let i = at;
  for (; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) break;
      depth--;
    } else if (c === ';' && depth === 0) break;
    else if (depth === 0 && /\s/.test(sql[i - 1] ?? ' ') && clauseEnd.test(sql.slice(i, i + 12))) break;
  }
  return sql.slice(at, i).replace(/\s+/g, ' ').trim();
}

/** Joins of `distributed` tables that do not name the joined table's partnership_id. */
export function sqlJoinsWithoutPartnership(src: string, distributed: ReadonlySet<string>): LooseJoin[] {
  const out: LooseJoin[] = [];
  for (const lit of templateLiterals(src)) {
    for (const m of lit.text.matchAll(joinRe)) {
      const table = m[1]!.toLowerCase();
      if (!distributed.has(table)) continue;
      const alias = (m[2] ?? m[1]!).toLowerCase();
      const on = condition(lit.text, m.index + m[0].length);
      const ok = m[3]!.toUpperCase() === 'USING' ? /\bpartnership_id\b/i.test(on) : new RegExp(`(^|[^a-z0-9_.])${alias}\\.partnership_id\\b`, 'i').test(on);
      if (!ok) out.push({ line: lit.line + lit.text.slice(0, m.index).split('\n').length - 1, table, alias, on });
    }
  }
  return out;
}

const tableUse = (table: string) => new RegExp(`\\b(?:FROM|JOIN|UPDATE|INTO)\\s+${table}\\b`, 'i');

/** The literals that read or write a distributed table without naming partnership_id; each with its first line. */
export function sqlStatementsWithoutPartnership(src: string, distributed: ReadonlySet<string>): { line: number; tables: string[]; sql: string }[] {
  const uses = [...distributed].map((t) => [t, tableUse(t)] as const);
  return templateLiterals(src).flatMap((lit) => {
    if (!/\b(?:SELECT|UPDATE|DELETE|INSERT)\b/i.test(lit.text) || /\bpartnership_id\b/i.test(lit.text)) return [];
    const tables = uses.filter(([, re]) => re.test(lit.text)).map(([t]) => t);
    return tables.length ? [{ line: lit.line, tables, sql: lit.text.replace(/\s+/g, ' ').trim() }] : [];
  });
}
