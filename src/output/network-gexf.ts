// GEXF text of an exported network (for Gephi), through graphology-gexf's writer. Part of output/; pure.
// GEXF 1.3, pretty-printed. Reproducible because every node and edge has an explicit key and the graph is
// built in a fixed order (graphology-gexf's output would change between runs with automatic edge keys).
import { write } from 'graphology-gexf/node/index.js';
import type { NetworkGraph } from './network-export.js';

export function serializeGexf(graph: NetworkGraph): string {
  const text = write(graph, { version: '1.3', pretty: true });
  return text.endsWith('\n') ? text : text + '\n';
}
