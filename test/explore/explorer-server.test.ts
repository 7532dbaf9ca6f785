// The explorer's web server (src/explore/explorer-server.ts): it binds 127.0.0.1 by default, serves the
// built files and the opened scenario with their content types, a Content-Security-Policy that forbids
// remote loads and nosniff; traversal (plain, encoded, double-encoded, backslashes, absolute paths, links
// out of the folder), dot-files, directories and unknown types are 404s; other Host names and methods are
// refused. Requests are written byte for byte on a socket, so no client normalises the paths first.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, type Socket } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTENT_SECURITY_POLICY, EXPLORER_DIR, isLoopbackHost, resolveAssetPath, startExplorerServer, type ExplorerServer } from '../../src/explore/explorer-server.js';

const top = mkdtempSync(join(tmpdir(), 'cpi-sim-explorer-server-'));
const root = join(top, 'explorer');
let server: ExplorerServer;

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Send one request exactly as written and read the whole response. */
function raw(path: string, options: { method?: string; host?: string } = {}): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.write(`${options.method ?? 'GET'} ${path} HTTP/1.1\r\nHost: ${options.host ?? `127.0.0.1:${server.port}`}\r\nConnection: close\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', fail);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      done({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

beforeAll(async () => {
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>explorer</title>');
  writeFileSync(join(root, 'app.js'), 'console.log("app")');
  writeFileSync(join(root, 'explorer.css'), 'body{}');
  writeFileSync(join(root, 'sub', 'inner.js'), '1');
  writeFileSync(join(root, '.hidden.js'), 'secret');
  writeFileSync(join(root, 'notes.xyz'), 'unknown type');
  writeFileSync(join(top, 'secret.txt'), 'SECRET OUTSIDE THE ROOT');
  writeFileSync(join(top, 'secret.js'), 'SECRET OUTSIDE THE ROOT');
  symlinkSync(join(top, 'secret.js'), join(root, 'link.js'));
  server = await startExplorerServer({ root, port: 0, scenario: { name: 'teaching-barriers', document: { name: 'teaching-barriers', ticks: 26 } } });
});
afterAll(async () => {
  await server.close();
  rmSync(top, { recursive: true, force: true });
});

describe('startExplorerServer', () => {
  test('binds 127.0.0.1 by default and prints a 127.0.0.1 address', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
  });

  test('serves the page, scripts and styles with their content types, the CSP and nosniff', async () => {
    for (const [path, type, body] of [
      ['/', 'text/html; charset=utf-8', '<!doctype html><title>explorer</title>'],
      ['/index.html', 'text/html; charset=utf-8', '<!doctype html><title>explorer</title>'],
      ['/app.js', 'text/javascript; charset=utf-8', 'console.log("app")'],
      ['/explorer.css', 'text/css; charset=utf-8', 'body{}'],
      ['/sub/inner.js', 'text/javascript; charset=utf-8', '1'],
      ['/app.js?v=2', 'text/javascript; charset=utf-8', 'console.log("app")'],
    ]) {
      const r = await raw(path);
      expect(r.status, path).toBe(200);
      expect(r.headers['content-type'], path).toBe(type);
      expect(r.body, path).toBe(body);
      expect(r.headers['content-security-policy'], path).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  test('the Content-Security-Policy allows only this server: no remote scripts, styles, images, fonts or connections, no eval', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['worker-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    for (const sources of Object.values(directives)) {
      expect(sources.join(' ')).not.toMatch(/https?:|\*|unsafe-eval/);
    }
  });

  test('serves the opened scenario at /scenario.json', async () => {
    const r = await raw('/scenario.json');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(r.body)).toEqual({ name: 'teaching-barriers', document: { name: 'teaching-barriers', ticks: 26 } });
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  test.each([
    '/../secret.txt',
    '/../secret.js',
    '/sub/../../secret.js',
    '/%2e%2e/secret.js',
    '/%2E%2E/secret.js',
    '/..%2fsecret.js',
    '/..%2Fsecret.js',
    '/%2e%2e%2fsecret.js',
    '/sub/%2e%2e/%2e%2e/secret.js',
    '/.%2e/secret.js',
    '/%252e%252e/secret.js',
    '/..\\secret.js',
    '/..%5csecret.js',
    '/sub%5c..%5c..%5csecret.js',
    `/${encodeURIComponent(join(top, 'secret.js'))}`,
    `/${join(top, 'secret.js')}`,
    `//${join(top, 'secret.js').slice(1)}`,
    '/%2f%2e%2e%2fsecret.js',
    '/C:/secret.js',
    '/c%3a%5csecret.js',
    '/secret.js%00.html',
    '/index.html%00',
    '/%e0%a4%a',
    '/.hidden.js',
    '/%2ehidden.js',
    '/sub',
    '/sub/',
    '/notes.xyz',
    '/link.js',
    '/missing.js',
    'http://example.com/../secret.js',
    '*',
  ])('%s is a 404 and never the secret', async (path) => {
    const r = await raw(path);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('SECRET');
    expect(r.body).not.toContain('secret');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  test('other Host names (DNS rebinding) get 421; localhost and 127.0.0.1 are fine', async () => {
    expect((await raw('/', { host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await raw('/', { host: 'evil.example' })).status).toBe(421);
    expect((await raw('/', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  test('bound to 127.0.0.2 (a loopback address), other Host names still get 421 (issue 13)', async () => {
    const other = await startExplorerServer({ root, host: '127.0.0.2', port: 0, scenario: {} });
    const ask = (host: string) =>
      new Promise<number>((done, fail) => {
        const socket: Socket = connect(other.port, '127.0.0.2', () => socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
        socket.on('error', fail);
        socket.on('end', () => done(Number(text.split(' ')[1])));
      });
    try {
      expect(await ask(`evil.example:${other.port}`)).toBe(421);
      expect(await ask(`127.0.0.2:${other.port}`)).toBe(200);
      expect(await ask(`localhost:${other.port}`)).toBe(200);
    } finally {
      await other.close();
    }
  });

  test('only GET and HEAD: HEAD has the headers without the body, POST is 405', async () => {
    const head = await raw('/app.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String('console.log("app")'.length));
    expect(head.body).toBe('');
    const post = await raw('/app.js', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  test('listens on another address when told to', async () => {
    const other = await startExplorerServer({ root, host: '0.0.0.0', port: 0, scenario: {} });
    try {
      expect(other.server.address()).toMatchObject({ address: '0.0.0.0' });
      expect(other.url).toBe(`http://127.0.0.1:${other.port}/`);
    } finally {
      await other.close();
    }
  });
});

describe('isLoopbackHost', () => {
  test('all of 127.0.0.0/8, ::1 in any spelling and localhost are loopback; other addresses are not', () => {
    for (const h of ['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1', '[::1]', '::ffff:127.0.0.2', 'localhost', 'LOCALHOST'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '128.0.0.1', '10.0.0.1', '::ffff:10.0.0.1', '192.168.1.2', 'example.org', '127.0.0.1.example.org'])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('resolveAssetPath', () => {
  test('maps / to index.html and refuses what is not a plain file under the folder', () => {
    expect(resolveAssetPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveAssetPath(root, '/sub/inner.js')).toBe(join(root, 'sub', 'inner.js'));
    for (const p of ['/../secret.js', '/%2e%2e/secret.js', '/sub/', '/link.js', '/.hidden.js', 'app.js', '/notes.xyz']) expect(resolveAssetPath(root, p), p).toBeUndefined();
  });

  test('the built explorer lives in dist/explorer', () => {
    expect(EXPLORER_DIR.endsWith(join('dist', 'explorer'))).toBe(true);
  });
});
