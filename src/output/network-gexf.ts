// GEXF text of an exported network (for Gephi; networkx.read_gexf, igraph via networkx, graphology).
// Part of output/; pure. GEXF 1.2 (the "1.2draft" namespace): the version networkx reads and Gephi
// writes; networkx finds no graph in a GEXF 1.3 file. A small writer rather than graphology-gexf's, so
// attribute columns are declared with their types (graphology-gexf infers them from the values, so a
// double whose values happen to be whole was written as an integer) and the output is reproducible.
// Node `label` and edge `weight` are GEXF's own XML attributes, as Gephi expects; the rest are attvalues.
import type { AttributeType, AttributeValue, NetworkGraph } from './network-export.js';
import { NETWORK_EDGE_ATTRIBUTES, NETWORK_NODE_ATTRIBUTES } from './network-export.js';
import { attributeColumns, escapeXml, isPresent, valueText } from './network-xml.js';
import { formatNumber } from './format-number.js';

export interface GexfOptions {
  /** Node attribute types; attributes not listed are inferred from their values. */
  readonly nodeAttributes?: Readonly<Record<string, AttributeType>>;
  readonly edgeAttributes?: Readonly<Record<string, AttributeType>>;
}

export const GEXF_NAMESPACE = 'http://www.gexf.net/1.2draft';

const GEXF_TYPE: Readonly<Record<AttributeType, string>> = { string: 'string', boolean: 'boolean', int: 'long', double: 'double' };
const META_FIELDS = ['creator', 'keywords', 'description'] as const;

export function serializeGexf(graph: NetworkGraph, options: GexfOptions = {}): string {
  const nodeColumns = attributeColumns(options.nodeAttributes ?? NETWORK_NODE_ATTRIBUTES, (fn) => graph.forEachNode((_, a) => fn(a)), ['label']);
  // GEXF's weight is a number; a graph whose weights are anything else keeps them as an ordinary column.
  const numericWeights = graph.everyEdge((_, a) => a.weight === undefined || typeof a.weight === 'number');
  const edgeColumns = attributeColumns(options.edgeAttributes ?? NETWORK_EDGE_ATTRIBUTES, (fn) => graph.forEachEdge((_, a) => fn(a)), numericWeights ? ['weight'] : []);
  const graphAttrs = graph.getAttributes();
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<gexf xmlns="${GEXF_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${GEXF_NAMESPACE} ${GEXF_NAMESPACE}/gexf.xsd" version="1.2">`,
  ];
  const meta = META_FIELDS.filter((k) => typeof graphAttrs[k] === 'string');
  if (meta.length) {
    lines.push('  <meta>');
    for (const k of meta) lines.push(`    <${k}>${escapeXml(String(graphAttrs[k]))}</${k}>`);
    lines.push('  </meta>');
  }
  // A mixed graph has no single default; its directed edges are marked one by one (networkx refuses such a
  // file, Gephi reads it). cpi-sim's own networks are undirected throughout.
  lines.push(`  <graph defaultedgetype="${graph.type === 'directed' ? 'directed' : 'undirected'}" mode="static">`);
  const declare = (cls: 'node' | 'edge', columns: Array<[string, AttributeType]>) => {
    if (!columns.length) return;
    lines.push(`    <attributes class="${cls}" mode="static">`);
    for (const [k, t] of columns) lines.push(`      <attribute id="${escapeXml(k)}" title="${escapeXml(k)}" type="${GEXF_TYPE[t]}"/>`);
    lines.push('    </attributes>');
  };
  declare('node', nodeColumns);
  declare('edge', edgeColumns);
  const attvalues = (attrs: Record<string, AttributeValue>, columns: Array<[string, AttributeType]>, indent: string): string => {
    let out = '';
    for (const [k, t] of columns) {
      const v = attrs[k];
      if (!isPresent(v)) continue;
      out += `\n${indent}  <attvalue for="${escapeXml(k)}" value="${escapeXml(valueText(t, v))}"/>`;
    }
    return out ? `\n${indent}<attvalues>${out}\n${indent}</attvalues>` : '';
  };
  lines.push('    <nodes>');
  graph.forEachNode((key, attrs) => {
    const label = isPresent(attrs.label) ? ` label="${escapeXml(String(attrs.label))}"` : '';
    const head = `      <node id="${escapeXml(key)}"${label}`;
    const values = attvalues(attrs, nodeColumns, '        ');
    lines.push(values ? `${head}>${values}\n      </node>` : `${head}/>`);
  });
  lines.push('    </nodes>', '    <edges>');
  const defaultDirected = graph.type === 'directed';
  graph.forEachEdge((key, attrs, source, target, _sa, _ta, undirected) => {
    const type = undirected === !defaultDirected ? '' : ` type="${undirected ? 'undirected' : 'directed'}"`;
    const weight = numericWeights && typeof attrs.weight === 'number' && attrs.weight === attrs.weight ? ` weight="${formatNumber(attrs.weight)}"` : '';
    const head = `      <edge id="${escapeXml(key)}" source="${escapeXml(source)}" target="${escapeXml(target)}"${type}${weight}`;
    const values = attvalues(attrs, edgeColumns, '        ');
    lines.push(values ? `${head}>${values}\n      </edge>` : `${head}/>`);
  });
  lines.push('    </edges>', '  </graph>', '</gexf>', '');
  return lines.join('\n');
}
