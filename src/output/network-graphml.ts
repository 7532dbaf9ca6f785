// GraphML text of an exported network (for Gephi, yEd, igraph, NetworkX, R). Part of output/; pure.
// graphology-graphml only parses, so this is a small writer: one <key> per attribute column (typed, so the
// columns keep their types whatever the values), nodes and edges in graph order with their keys as ids.
// `edgedefault` follows the graph's type. cpi-sim's own networks are undirected throughout (directed
// relations say so in attributes), because networkx refuses a file that mixes directed="true" edges into
// an undirected graph; a mixed graph from elsewhere still gets per-edge `directed` marks, which igraph and
// Gephi read.
import type { AttributeType, AttributeValue, NetworkGraph } from './network-export.js';
import { NETWORK_EDGE_ATTRIBUTES, NETWORK_NODE_ATTRIBUTES } from './network-export.js';
import { attributeColumns, escapeXml, inferType, isPresent, valueText } from './network-xml.js';

export { escapeXml } from './network-xml.js';

export interface GraphmlOptions {
  /** Node attribute types; attributes not listed are inferred from their values. */
  readonly nodeAttributes?: Readonly<Record<string, AttributeType>>;
  readonly edgeAttributes?: Readonly<Record<string, AttributeType>>;
}

const GRAPHML_TYPE: Readonly<Record<AttributeType, string>> = { string: 'string', boolean: 'boolean', int: 'long', double: 'double' };

export function serializeGraphml(graph: NetworkGraph, options: GraphmlOptions = {}): string {
  const nodeSchema = attributeColumns(options.nodeAttributes ?? NETWORK_NODE_ATTRIBUTES, (fn) => graph.forEachNode((_, a) => fn(a)));
  const edgeSchema = attributeColumns(options.edgeAttributes ?? NETWORK_EDGE_ATTRIBUTES, (fn) => graph.forEachEdge((_, a) => fn(a)));
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
      if (!isPresent(v)) continue;
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
