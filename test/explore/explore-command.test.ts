// `cpi-sim explore` (src/cli/explore-command.ts): it serves the built explorer and the scenario it was given
// until stopped; Ctrl-C (SIGINT) stops the real binary cleanly with exit code 0; a bad port, a scenario too
// big to watch live, an invalid scenario or a missing build are refused with a message; --help has examples.
import { afterAll, describe, expect, test } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/index.js';
import { exploreCommand, DEFAULT_EXPLORER_SCENARIO } from '../../src/cli/explore-command.js';
import { CliUsageError, type CliIO } from '../../src/cli/cli-io.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { CONTENT_SECURITY_POLICY } from '../../src/explore/explorer-server.js';

const bin = fileURLToPath(new URL('../../bin/cpi-sim.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cpi-sim-explore-cmd-'));
const root = join(dir, 'built');
mkdirSync(root);
writeFileSync(join(root, 'index.html'), '<!doctype html><title>built</title>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd: dir, stderrIsTTY: false, columns: 100 };
}

describe('exploreCommand', () => {
  test('serves the page and the scenario given until stopped, then says so and returns 0', async () => {
    const stop = new AbortController();
    const out = io();
    let url = '';
    const done = exploreCommand({ scenario: 'pilot-england', port: '0' }, out, {
      root,
      signal: stop.signal,
      onListening: (u) => {
        url = u;
      },
    });
    await expect.poll(() => url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(url);
    expect(await page.text()).toBe('<!doctype html><title>built</title>');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const served = (await (await fetch(`${url}scenario.json`)).json()) as { name: string; document: unknown };
    expect(served.name).toBe('pilot-england');
    expect(served.document).toEqual(JSON.parse(JSON.stringify(loadScenario('pilot-england').document)));
    expect(out.out.join('')).toContain(url);
    stop.abort();
    expect(await done).toBe(0);
    expect(out.out.join('')).toContain('Explorer stopped.');
    await expect(fetch(url)).rejects.toThrow();
  });

  test('--host 127.0.0.2 is loopback: no "other machines" notice (issue 13); --host 0.0.0.0 gets it', async () => {
    for (const [host, notice] of [['127.0.0.2', false], ['0.0.0.0', true]] as const) {
      const stop = new AbortController();
      const out = io();
      let url = '';
      const done = exploreCommand({ scenario: 'teaching-barriers', port: '0', host }, out, { root, signal: stop.signal, onListening: (u) => void (url = u) });
      await expect.poll(() => url).not.toBe('');
      stop.abort();
      expect(await done).toBe(0);
      expect(out.out.join('').includes('other machines on the network can open it'), host).toBe(notice);
    }
  });

  test('opens the teaching scenario when none is given, and a scenario file by path', async () => {
    expect(DEFAULT_EXPLORER_SCENARIO).toBe('teaching-barriers');
    const file = join(dir, 'mine.json');
    writeFileSync(file, JSON.stringify({ name: 'mine', extends: 'teaching-barriers', ticks: 10 }));
    for (const [scenario, name, ticks] of [
      [undefined, 'teaching-barriers', 26],
      ['mine.json', 'mine', 10],
    ] as const) {
      const stop = new AbortController();
      let url = '';
      const done = exploreCommand({ scenario, port: '0' }, io(), { root, signal: stop.signal, onListening: (u) => (url = u) });
      await expect.poll(() => url).not.toBe('');
      const served = (await (await fetch(`${url}scenario.json`)).json()) as { name: string; document: { ticks: number } };
      expect([served.name, served.document.ticks]).toEqual([name, ticks]);
      stop.abort();
      await done;
    }
  });

  test('refuses a bad port, a busy port, a scenario too big to watch live, an invalid scenario and a missing build', async () => {
    const never = new AbortController().signal;
    for (const port of ['-1', '65536', 'abc', '1.5', ''])
      await expect(exploreCommand({ port }, io(), { root, signal: never }), port).rejects.toThrow(CliUsageError);
    await expect(exploreCommand({ scenario: 'region', port: '0' }, io(), { root, signal: never })).rejects.toThrow('too many to watch live in a browser');
    await expect(exploreCommand({ scenario: 'no-such-scenario', port: '0' }, io(), { root, signal: never })).rejects.toThrow(ScenarioError);
    await expect(exploreCommand({ port: '0' }, io(), { root: join(dir, 'nothing-built'), signal: never })).rejects.toThrow('the explorer is not built');
    const stop = new AbortController();
    let url = '';
    const first = exploreCommand({ port: '0' }, io(), { root, signal: stop.signal, onListening: (u) => (url = u) });
    await expect.poll(() => url).not.toBe('');
    const port = new URL(url).port;
    await expect(exploreCommand({ port }, io(), { root, signal: never })).rejects.toThrow(`--port ${port}: the port is in use`);
    stop.abort();
    await first;
  });
});

describe('the cpi-sim explore binary', () => {
  test('--help describes the options with examples', () => {
    const r = spawnSync(process.execPath, [bin, 'explore', '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const text of ['cpi-sim explore [scenario]', '--port', '--host', 'Examples:', 'cpi-sim explore pilot-england --port 0', 'Ctrl-C']) expect(r.stdout).toContain(text);
  });

  test('prints the address, serves the built page, and stops cleanly with exit code 0 on Ctrl-C (SIGINT)', async () => {
    const child = spawn(process.execPath, [bin, 'explore', 'teaching-barriers', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await expect.poll(() => /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)?.[0], { timeout: 20_000 }).toBeDefined();
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)![0];
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="app.js"></script>');
    for (const asset of ['app.js', 'worker.js', 'explorer.css']) expect((await fetch(url + asset)).status, asset).toBe(200);
    expect((await fetch(`${url}../package.json`)).status).toBe(404);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Explorer stopped.');
    expect(stderr).toBe('');
  });

  test('exits 1 with a message for a scenario too big to watch live', () => {
    const r = spawnSync(process.execPath, [bin, 'explore', 'region', '--port', '0'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('too many to watch live in a browser');
  });
});
