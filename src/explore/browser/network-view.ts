/// <reference lib="dom" />
// One arm's network view: sigma.js drawing a graphology graph of one agency (agency-network.ts), updated
// in place every week so that ties appear, change colour and disappear where they are. Part of
// explore/browser/. Colours are Okabe–Ito (palette.ts); tie kinds also differ in thickness.
// graphology's default export is a CommonJS namespace under NodeNext; its named classes type cleanly.
import { MultiUndirectedGraph } from 'graphology';
import Sigma from 'sigma';
import type { AgencyNetwork, NetworkEdgeKind, NetworkNodeKind } from '../agency-network.js';
import { EDGE_COLOURS, NODE_COLOURS } from '../palette.js';

const NODE_SIZE: Readonly<Record<NetworkNodeKind, number>> = { worker: 9, peerWorker: 8, user: 6, communityNode: 5, serviceNode: 5, person: 2.5 };
const EDGE_SIZE: Readonly<Record<NetworkEdgeKind, number>> = { existing: 0.7, intervention: 2, new: 1.6, lost: 0.7, partnership: 2, attendance: 0.8 };
/** Lost ties fade, so the living network stays readable. */
const EDGE_COLOUR: Readonly<Record<NetworkEdgeKind, string>> = { ...EDGE_COLOURS, lost: 'rgba(204, 121, 167, 0.55)' };

export class NetworkView {
  private readonly graph = new MultiUndirectedGraph({ allowSelfLoops: false });
  private readonly sigma: Sigma;
  private scale: number;

  constructor(container: HTMLElement, large: boolean) {
    this.scale = large ? 1.6 : 1;
    this.sigma = new Sigma(this.graph, container, {
      settings: {
        renderLabels: false,
        allowInvalidContainer: true,
        enableEdgeEvents: false,
        stagePadding: 12,
        // Sizes in screen pixels (sigma 4 reads them in graph units by default).
        itemSizesReference: 'screen',
        minEdgeThickness: 0.6,
        gestureTarget: 'page',
      },
    });
    // A fixed frame (the layout's extent), so that nodes keep their place as the network grows.
    this.sigma.setCustomBBox({ x: [-1.9, 1.9], y: [-1.9, 1.9] });
    // The page waits for a WebGL frame when it hands the frame over (at once on a graphics card, long in
    // software rendering): a task queued after the frame runs when that wait is over.
    let start = 0;
    this.sigma.on('beforeRender', () => {
      start = performance.now();
    });
    this.sigma.on('afterRender', () => {
      setTimeout(() => {
        this.paintMs = performance.now() - start;
      }, 0);
    });
  }

  /** How long the last paint held the page, in milliseconds. */
  paintMs = 0;

  /** Draw this week's network: add what is new, recolour what changed, remove what is gone. */
  show(network: AgencyNetwork): void {
    const g = this.graph;
    const nodes = new Set<string>();
    for (const n of network.nodes) {
      nodes.add(n.key);
      const size = NODE_SIZE[n.kind] * this.scale;
      if (!g.hasNode(n.key)) g.addNode(n.key, { x: n.x, y: n.y, size, color: NODE_COLOURS[n.kind], label: n.label, kind: n.kind });
      else if (g.getNodeAttribute(n.key, 'kind') !== n.kind || g.getNodeAttribute(n.key, 'size') !== size)
        g.mergeNodeAttributes(n.key, { kind: n.kind, size, color: NODE_COLOURS[n.kind], label: n.label });
    }
    g.forEachNode((key) => {
      if (!nodes.has(key)) g.dropNode(key);
    });
    const edges = new Set<string>();
    for (const e of network.edges) {
      edges.add(e.key);
      const size = EDGE_SIZE[e.kind] * this.scale;
      if (!g.hasEdge(e.key)) g.addUndirectedEdgeWithKey(e.key, e.source, e.target, { kind: e.kind, size, color: EDGE_COLOUR[e.kind] });
      else if (g.getEdgeAttribute(e.key, 'kind') !== e.kind || g.getEdgeAttribute(e.key, 'size') !== size)
        g.mergeEdgeAttributes(e.key, { kind: e.kind, size, color: EDGE_COLOUR[e.kind] });
    }
    g.forEachEdge((key) => {
      if (!edges.has(key)) g.dropEdge(key);
    });
  }

  clear(): void {
    this.graph.clear();
  }

  /** Large-text mode draws bigger nodes and thicker ties. */
  setLarge(large: boolean): void {
    this.scale = large ? 1.6 : 1;
    this.graph.updateEachNodeAttributes((_, attr) => ({ ...attr, size: NODE_SIZE[attr.kind as NetworkNodeKind] * this.scale }));
    this.graph.updateEachEdgeAttributes((_, attr) => ({ ...attr, size: EDGE_SIZE[attr.kind as NetworkEdgeKind] * this.scale }));
  }

  /** After the container changed size (shown again, large text). */
  resize(): void {
    this.sigma.resize();
    this.sigma.refresh();
  }

  kill(): void {
    this.sigma.kill();
  }
}
