// Shared helpers for the bench/ scripts: medians, child processes that report JSON, and the results table.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Run a bench child script in a fresh Node process and return the JSON it prints on its last stdout line. */
export function runChild(script, args = [], options = {}) {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), fileURLToPath(new URL(script, import.meta.url)), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** Print a table of [figure, value, target, verdict] rows. */
export function printTable(title, rows) {
  const head = ['figure', 'value', 'target', ''];
  const all = [head, ...rows.map((r) => r.map((x) => String(x ?? '')))];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  console.log(`\n${title}`);
  for (const r of all) console.log(`  ${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`);
}

export const verdict = (ok) => (ok ? 'ok' : 'MISSED');
