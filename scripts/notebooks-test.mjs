// `npm run notebooks:test`: executes every notebooks/*.ipynb headless, as `jupyter nbconvert --execute`
// does (nbclient, the library nbconvert runs notebooks with, without --allow-errors), into a temporary
// folder: the committed notebooks are never overwritten. A cell that throws (the notebooks assert their key
// facts in code) or does not type-check stops its notebook, and this exits 1 naming the notebook, the cell and
// the error. One line per notebook with its time. Runs scripts/notebooks-setup.mjs's checks first.
//
//   node scripts/notebooks-test.mjs [NAME.ipynb | PATH.ipynb ...] [--timeout SECONDS] [--keep]
//
// --timeout: the budget of each notebook (default 300 s); --keep: keep the executed copies (they are always
// kept after a failure, and the folder is printed).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PYTHON, ROOT, SetupError, checkJupyter, ensureBuilt, ensureKernel } from './notebooks-setup.mjs';

export const NOTEBOOKS_DIR = join(ROOT, 'notebooks');
const DEFAULT_TIMEOUT_S = 300;

// Runs one notebook cell by cell with nbclient (so a failure is tied to its cell), in the notebooks folder
// (the notebooks import ../dist/index.js), within the notebook's time budget, and writes the executed copy
// whatever happens. Prints one JSON line: {"ok": true} or the failing cell's index and id and the reason.
const EXECUTE_PY = String.raw`
import json, sys, time
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

src, out, cwd, budget = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
nb = nbformat.read(src, as_version=4)
kernel = nb.metadata.get("kernelspec", {}).get("name")
client = NotebookClient(nb, timeout=int(budget), kernel_name=kernel, allow_errors=False,
                        resources={"metadata": {"path": cwd}})
result = {"ok": True}
index, cell = -1, None
start = time.monotonic()
try:
    client.reset_execution_trackers()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            remaining = budget - (time.monotonic() - start)
            if remaining < 1:
                raise CellTimeoutError("the notebook's time budget of %g s ran out before this cell" % budget)
            client.timeout = int(remaining)
            client.execute_cell(cell, index)
except CellTimeoutError as e:
    result = {"ok": False, "reason": "timeout", "message": str(e).strip() or "the cell did not finish within the notebook's time budget of %g s" % budget}
except DeadKernelError as e:
    result = {"ok": False, "reason": "dead-kernel", "message": str(e)}
except CellExecutionError as e:
    result = {"ok": False, "reason": "error", "message": str(e)}
except Exception as e:
    result = {"ok": False, "reason": "runner", "message": "%s: %s" % (type(e).__name__, e)}
finally:
    nbformat.write(nb, out)
if not result["ok"]:
    result["index"] = index
    result["id"] = cell.get("id") if cell is not None else None
print(json.dumps(result))
`;

/** tslab prints a type error as "LINE:COL - message" on stderr. */
const TYPE_ERROR = /^\d+:\d+ - /m;

/** The text of a cell's outputs that tell what went wrong: stderr, and error outputs' tracebacks. */
function errorTextOf(cell) {
  const parts = [];
  for (const o of cell.outputs ?? []) {
    if (o.output_type === 'stream' && o.name === 'stderr') parts.push(joinText(o.text));
    if (o.output_type === 'error') parts.push([`${o.ename}: ${o.evalue}`, ...(o.traceback ?? [])].join('\n'));
  }
  // Tracebacks may carry terminal colours.
  return parts.join('\n').replace(/\u001b\[[0-9;]*m/g, '').trim();
}

const joinText = (t) => (Array.isArray(t) ? t.join('') : (t ?? ''));

/**
 * A failure nbclient did not report (it stops at the first cell whose reply is an error; this is the
 * belt to its braces): a cell with an error output, a type error on stderr, or a code cell left unrun.
 */
export function findFailure(executed) {
  for (const [index, cell] of executed.cells.entries()) {
    if (cell.cell_type !== 'code') continue;
    const hasError = (cell.outputs ?? []).some((o) => o.output_type === 'error');
    const typeError = (cell.outputs ?? []).some((o) => o.output_type === 'stream' && o.name === 'stderr' && TYPE_ERROR.test(joinText(o.text)));
    if (hasError || typeError) return { index, id: cell.id, reason: typeError ? 'type error' : 'error', message: errorTextOf(cell) };
    // tslab sends no execution counts; nbclient records when each cell it ran went idle.
    if (!cell.metadata?.execution?.['iopub.status.idle'] && joinText(cell.source).trim() !== '') return { index, id: cell.id, reason: 'not run', message: 'the cell did not run' };
  }
  return undefined;
}

/** The first lines of a cell's source, for the failure report. */
function excerpt(cell, lines = 8) {
  const src = joinText(cell?.source).split('\n');
  return src.slice(0, lines).map((l) => `    | ${l}`).join('\n') + (src.length > lines ? `\n    | … (${src.length - lines} more lines)` : '');
}

/** Execute one notebook into `outDir`; returns { ok, seconds, failure?, outFile }. */
export function runNotebook(file, outDir, timeoutS) {
  const outFile = join(outDir, basename(file));
  const t0 = performance.now();
  const child = spawnSync(PYTHON, ['-c', EXECUTE_PY, file, outFile, NOTEBOOKS_DIR, String(timeoutS)], {
    cwd: NOTEBOOKS_DIR,
    encoding: 'utf8',
    env: { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: '1' },
    // A backstop above the notebook's own budget, for a runner that hangs outside a cell.
    timeout: (timeoutS + 60) * 1000,
    killSignal: 'SIGTERM',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - t0) / 1000;
  const last = child.stdout?.trim().split('\n').at(-1) ?? '';
  let result;
  try {
    result = JSON.parse(last);
  } catch {
    const why = child.error ? child.error.message : `exit code ${child.status}${child.signal ? `, ${child.signal}` : ''}`;
    return { ok: false, seconds, outFile, failure: { index: -1, reason: 'runner', message: `the notebook runner failed (${why}):\n${(child.stderr ?? '').trim()}` } };
  }
  let executed;
  try {
    executed = JSON.parse(readFileSync(outFile, 'utf8'));
  } catch (err) {
    return { ok: false, seconds, outFile, failure: { index: -1, reason: 'runner', message: `the executed notebook ${outFile} could not be read: ${err.message}` } };
  }
  if (!result.ok) {
    const cell = executed.cells[result.index];
    const detail = cell ? errorTextOf(cell) : '';
    const reason = cell && TYPE_ERROR.test(detail) ? 'type error' : result.reason;
    return { ok: false, seconds, outFile, failure: { ...result, reason, message: detail || result.message, cell } };
  }
  const missed = findFailure(executed);
  if (missed) return { ok: false, seconds, outFile, failure: { ...missed, cell: executed.cells[missed.index] } };
  return { ok: true, seconds, outFile };
}

function parseArgs(argv) {
  const names = [];
  let timeoutS = DEFAULT_TIMEOUT_S;
  let keep = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--keep') keep = true;
    else if (a === '--timeout' || a.startsWith('--timeout=')) {
      const v = Number(a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
      if (!(v > 0)) throw new SetupError(`--timeout ${v}: expected a number of seconds above 0`);
      timeoutS = v;
    } else if (a.startsWith('-')) throw new SetupError(`unknown option ${a}; allowed: --timeout SECONDS, --keep`);
    else names.push(a);
  }
  return { names, timeoutS, keep };
}

function main() {
  const { names, timeoutS, keep } = parseArgs(process.argv.slice(2));
  checkJupyter();
  ensureBuilt();
  ensureKernel({ log: () => {} });
  const all = readdirSync(NOTEBOOKS_DIR).filter((f) => f.endsWith('.ipynb')).sort();
  // A name of notebooks/, or the path of a notebook elsewhere (it still runs in notebooks/, for its imports).
  const chosen = names.length ? names.map((n) => (n.endsWith('.ipynb') && existsSync(n) ? resolve(n) : join(NOTEBOOKS_DIR, basename(n)))) : all.map((f) => join(NOTEBOOKS_DIR, f));
  const unknown = chosen.filter((f) => !existsSync(f));
  if (unknown.length) throw new SetupError(`no notebook ${unknown.map((f) => basename(f)).join(', ')} in ${NOTEBOOKS_DIR}; there are: ${all.join(', ') || '(none)'}`);
  if (chosen.length === 0) throw new SetupError(`no notebooks in ${NOTEBOOKS_DIR}`);
  const outDir = mkdtempSync(join(tmpdir(), 'cpi-sim-notebooks-'));
  console.log(`notebooks: executing ${chosen.length} notebook(s) with the tslab kernel into ${outDir} (budget ${timeoutS} s each)`);
  let failed = 0;
  for (const file of chosen) {
    const name = basename(file);
    const r = runNotebook(file, outDir, timeoutS);
    console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${name}  ${r.seconds.toFixed(1)} s`);
    if (r.ok) continue;
    failed++;
    const f = r.failure;
    const where = f.index >= 0 ? `cell ${f.index + 1}${f.id ? ` (id ${f.id})` : ''}` : 'the runner';
    console.error(`\n${name}: ${where} failed (${f.reason}):\n${f.cell ? excerpt(f.cell) + '\n' : ''}${f.message.split('\n').map((l) => `  ${l}`).join('\n')}\n`);
  }
  if (failed) {
    console.error(`notebooks: ${failed} of ${chosen.length} failed; the executed copies are in ${outDir}`);
    process.exitCode = 1;
  } else if (keep) console.log(`notebooks: all ${chosen.length} ran; the executed copies are in ${outDir}`);
  else {
    rmSync(outDir, { recursive: true, force: true });
    console.log(`notebooks: all ${chosen.length} ran`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof SetupError ? err.message : err);
    process.exitCode = 1;
  }
}
