// The explorer's web server (Node only): serves the built explorer (dist/explorer/: index.html, app.js,
// worker.js, explorer.css) and, at /scenario.json, the scenario the page starts with. Part of explore/; used by
// `cpi-sim explore` (cli/explore-command.ts). Nothing else is served: paths are decoded and normalised, and
// anything outside the folder (traversal, encoded traversal, absolute or odd paths, dot-files, directories,
// unknown file types) is a 404. Every response forbids remote loads (Content-Security-Policy) and sniffing.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BlockList, isIP, type AddressInfo } from 'node:net';

/** The built explorer: <package>/dist/explorer (the same folder from src/explore and dist/explore). */
export const EXPLORER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'explorer');

/**
 * Scripts, workers and everything else only from this server; inline styles for the chart and graph
 * libraries; images also from data: and blob: URLs (chart export). No eval: vega runs its CSP-safe
 * expression interpreter and zod its jitless parser.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ExplorerServerOptions {
  /** The folder of built assets (default EXPLORER_DIR). */
  readonly root?: string;
  /** Address to bind (default 127.0.0.1: this machine only). */
  readonly host?: string;
  /** Port (default 0: any free port). */
  readonly port?: number;
  /** Served as /scenario.json: what the page starts with. */
  readonly scenario: unknown;
}

export interface ExplorerServer {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  /** The page's address, e.g. http://127.0.0.1:8765/ */
  readonly url: string;
  close(): Promise<void>;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * Whether an address to listen on reaches this machine only: "localhost", any of 127.0.0.0/8, and ::1 in
 * any spelling (also IPv4-mapped, ::ffff:127.x.y.z). Such a server refuses requests for other Host names.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  const family = isIP(h);
  return family !== 0 && LOOPBACK.check(h, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The file a request path names inside `root`, or undefined for anything that is not a plain file under
 * it. Stages: (1) decode once (a bad escape is not a file), (2) refuse what a path to a built asset never
 * holds (backslashes, NUL, empty, `.` or `..` segments, segments starting with a dot), (3) resolve and check
 * the result is inside root, also after following links, (4) a regular file of a served type.
 */
export function resolveAssetPath(root: string, requestPath: string): string | undefined {
  // 1. Decode.
  let path: string;
  try {
    path = decodeURIComponent(requestPath);
  } catch {
    return undefined;
  }
  if (path === '/') path = '/index.html';
  // 2. Refuse odd paths.
  if (!path.startsWith('/') || path.includes('\\') || path.includes('\0')) return undefined;
  const segments = path.slice(1).split('/');
  if (segments.some((s) => s === '' || s.startsWith('.') || s.includes(':'))) return undefined;
  // 3. Inside root.
  const base = resolve(root);
  const file = resolve(base, ...segments);
  if (!file.startsWith(base + sep)) return undefined;
  // 4. A regular file of a served type, not reached through a link out of root.
  if (!(extname(file) in CONTENT_TYPES)) return undefined;
  try {
    if (!statSync(file).isFile()) return undefined;
    const real = realpathSync(file);
    if (!real.startsWith(realpathSync(base) + sep)) return undefined;
  } catch {
    return undefined;
  }
  return file;
}

function send(res: ServerResponse, status: number, type: string, body: Buffer | string, head: boolean, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(body)),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(head ? undefined : body);
}

/** Start serving the explorer. Resolves once the server listens. */
export function startExplorerServer(options: ExplorerServerOptions): Promise<ExplorerServer> {
  const root = options.root ?? EXPLORER_DIR;
  const host = options.host ?? '127.0.0.1';
  const scenarioJson = JSON.stringify(options.scenario);
  let port = 0;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n', false, { Allow: 'GET, HEAD' });
    // Bound to this machine only: refuse other Host names (a page elsewhere reaching it by DNS rebinding).
    if (isLoopbackHost(host)) {
      const hostHeader = (req.headers.host ?? '').toLowerCase();
      const bound = host.includes(':') ? `[${host.toLowerCase()}]` : host.toLowerCase();
      const allowed = [bound, '127.0.0.1', 'localhost', '[::1]'].map((h) => `${h}:${port}`);
      if (!allowed.includes(hostHeader)) return send(res, 421, 'text/plain; charset=utf-8', 'Misdirected request\n', head);
    }
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const path = q < 0 ? target : target.slice(0, q);
    if (path === '/scenario.json') return send(res, 200, CONTENT_TYPES['.json'], scenarioJson, head);
    const file = resolveAssetPath(root, path);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n', head);
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n', head);
    }
    send(res, 200, CONTENT_TYPES[extname(file)], body, head);
  };

  const server = createServer(handle);
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', fail);
      port = (server.address() as AddressInfo).port;
      const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
      done({
        server,
        host,
        port,
        url: `http://${shown}:${port}/`,
        close: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            server.closeAllConnections();
          }),
      });
    });
  });
}
