// The explorer's Web Worker (bundled into dist/explorer/worker.js by scripts/build-explorer.mjs): the same
// engine as the CLI, off the page's thread. Part of explore/browser/. All the logic is in ExplorerSession
// (explore/explorer-session.ts); this file only connects it to the worker's messages and timers.
import { z } from 'zod';
import { ExplorerSession } from '../explorer-session.js';
import type { ToWorker } from '../protocol.js';

// zod's fast path compiles parsers with `new Function`, which the page's Content-Security-Policy forbids.
z.config({ jitless: true });

interface WorkerScope {
  onmessage: ((event: { data: ToWorker }) => void) | null;
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
}
const scope = globalThis as unknown as WorkerScope;

const session = new ExplorerSession({
  post: (message, transfer) => scope.postMessage(message, transfer ?? []),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
});
scope.onmessage = (event) => session.handle(event.data);
