// What the GraphML and GEXF writers share: XML escaping, and the typed attribute columns of an exported
// network (declared types first, inferred ones for anything else). Part of output/; pure. Declaring the
// types keeps a column's type the same in every file, whatever values one export happens to hold (a
// neighbourhood whose one agency has fidelity 1 still gets a double), so networkx, igraph, Gephi and R read
// numbers as numbers and flags as booleans.
import type { AttributeType, AttributeValue } from './network-export.js';
import { formatNumber } from './format-number.js';

// XML 1.0 forbids most control characters even when escaped.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function inferType(values: Iterable<AttributeValue>): AttributeType {
  let type: AttributeType | undefined;
  for (const v of values) {
    const t: AttributeType = typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'double') : 'string';
    if (type === undefined || type === t) type = t;
    else if ((type === 'int' && t === 'double') || (type === 'double' && t === 'int')) type = 'double';
    else type = 'string';
  }
  return type ?? 'string';
}

/** A value as the text of a typed attribute (numbers as cpi-sim's CSV files write them). */
export function valueText(type: AttributeType, v: AttributeValue): string {
  if (type === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  return String(v);
}

/** Whether a value is written at all (missing values are left out, not written as empty text). */
export const isPresent = (v: AttributeValue | undefined | null): v is AttributeValue => v !== undefined && v !== null && !(typeof v === 'number' && v !== v);

/**
 * The attribute columns that occur in a set of attribute records: declared ones first (in declaration order,
 * with their declared type), then any others in order of first appearance, with a type inferred from values.
 */
export function attributeColumns(
  declared: Readonly<Record<string, AttributeType>>,
  each: (fn: (attrs: Readonly<Record<string, AttributeValue>>) => void) => void,
  skip: readonly string[] = [],
): Array<[string, AttributeType]> {
  const seen = new Map<string, AttributeValue[]>();
  each((attrs) => {
    for (const [k, v] of Object.entries(attrs)) {
      if (!isPresent(v) || skip.includes(k)) continue;
      let list = seen.get(k);
      if (!list) seen.set(k, (list = []));
      if (!(k in declared)) list.push(v);
    }
  });
  const out: Array<[string, AttributeType]> = [];
  for (const [k, t] of Object.entries(declared)) if (seen.has(k)) out.push([k, t]);
  for (const [k, values] of seen) if (!(k in declared)) out.push([k, inferType(values)]);
  return out;
}
