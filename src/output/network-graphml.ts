// GraphML text of an exported network (for Gephi, yEd, igraph, NetworkX). Part of output/; pure.
// graphology-graphml only parses, so this is a small writer: one <key> per declared attribute (typed, so
// the columns keep their types whatever the values), nodes and edges in graph order with their keys as
// ids, directed edges marked `directed="true"` in an otherwise undirected graph.
import type { AttributeType, AttributeValue, NetworkGraph } from './network-export.js';
import { NETWORK_EDGE_ATTRIBUTES, NETWORK_NODE_ATTRIBUTES } from './network-export.js';
import { formatNumber } from './format-number.js';

export interface GraphmlOptions {
  /** Node attribute types; attributes not listed are inferred from their values. */
  readonly nodeAttributes?: Readonly<Record<string, AttributeType>>;
  readonly edgeAttributes?: Readonly<Record<string, AttributeType>>;
}

const GRAPHML_TYPE: Readonly<Record<AttributeType, string>> = { string: 'string', boolean: 'boolean', int: 'long', double: 'double' };

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

function inferType(values: Iterable<AttributeValue>): AttributeType {
  let type: AttributeType | undefined;
  for (const v of values) {
    const t: AttributeType = typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'double') : 'string';
    if (type === undefined || type === t) type = t;
    else if ((type === 'int' && t === 'double') || (type === 'double' && t === 'int')) type = 'double';
    else type = 'string';
  }
  return type ?? 'string';
}

function valueText(type: AttributeType, v: AttributeValue): string {
  if (type === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatNumber(v);
  return String(v);
}

/** Declared attributes first (in declaration order), then any others in order of first appearance. */
function schema(
  declared: Readonly<Record<string, AttributeType>>,
  each: (fn: (attrs: Record<string, AttributeValue>) => void) => void,
): Array<[string, AttributeType]> {
  const seen = new Map<string, AttributeValue[]>();
  each((attrs) => {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || (typeof v === 'number' && v !== v)) continue;
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

export function serializeGraphml(graph: NetworkGraph, options: GraphmlOptions = {}): string {
  const nodeSchema = schema(options.nodeAttributes ?? NETWORK_NODE_ATTRIBUTES, (fn) => graph.forEachNode((_, a) => fn(a)));
  const edgeSchema = schema(options.edgeAttributes ?? NETWORK_EDGE_ATTRIBUTES, (fn) => graph.forEachEdge((_, a) => fn(a)));
  const graphAttrs = Object.entries(graph.getAttributes()).filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  const nodeKey = new Map<string, string>();
  const edgeKey = new Map<string, string>();
  graphAttrs.forEach(([k, v], i) => {
    lines.push(`  <key id="g${i}" for="graph" attr.name="${escapeXml(k)}" attr.type="${GRAPHML_TYPE[inferType([v as AttributeValue])]}"/>`);
  });
  nodeSchema.forEach(([k, t], i) => {
    nodeKey.set(k, `n${i}`);
    lines.push(`  <key id="n${i}" for="node" attr.name="${escapeXml(k)}" attr.type="${GRAPHML_TYPE[t]}"/>`);
  });
  edgeSchema.forEach(([k, t], i) => {
    edgeKey.set(k, `e${i}`);
    lines.push(`  <key id="e${i}" for="edge" attr.name="${escapeXml(k)}" attr.type="${GRAPHML_TYPE[t]}"/>`);
  });
  const nodeTypes = new Map(nodeSchema);
  const edgeTypes = new Map(edgeSchema);
  const defaultDirected = graph.type === 'directed';
  lines.push(`  <graph id="G" edgedefault="${defaultDirected ? 'directed' : 'undirected'}">`);
  graphAttrs.forEach(([, v], i) => lines.push(`    <data key="g${i}">${escapeXml(valueText(inferType([v as AttributeValue]), v as AttributeValue))}</data>`));
  const dataLines = (attrs: Record<string, AttributeValue>, keys: Map<string, string>, types: Map<string, AttributeType>): string => {
    let out = '';
    for (const [k, id] of keys) {
      const v = attrs[k];
      if (v === undefined || v === null || (typeof v === 'number' && v !== v)) continue;
      out += `\n      <data key="${id}">${escapeXml(valueText(types.get(k)!, v))}</data>`;
    }
    return out;
  };
  graph.forEachNode((key, attrs) => {
    const data = dataLines(attrs, nodeKey, nodeTypes);
    lines.push(data ? `    <node id="${escapeXml(key)}">${data}\n    </node>` : `    <node id="${escapeXml(key)}"/>`);
  });
  graph.forEachEdge((key, attrs, source, target, _sa, _ta, undirected) => {
    const dir = undirected === !defaultDirected ? '' : ` directed="${undirected ? 'false' : 'true'}"`;
    const head = `    <edge id="${escapeXml(key)}" source="${escapeXml(source)}" target="${escapeXml(target)}"${dir}`;
    const data = dataLines(attrs, edgeKey, edgeTypes);
    lines.push(data ? `${head}>${data}\n    </edge>` : `${head}/>`);
  });
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}
