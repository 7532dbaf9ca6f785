// `npm run notebooks:setup`: everything the notebooks in notebooks/ need, in one idempotent command. Checks
// Debian's Jupyter (/usr/bin/jupyter with nbconvert, and /usr/bin/python3 with nbclient, jupyter_client and
// ipykernel; the pyenv python3 on PATH has no Jupyter), builds dist/ if it is missing (the notebooks import
// ../dist/index.js) and registers the tslab TypeScript kernel of this checkout (the kernel stores the
// absolute path of node_modules/.bin/tslab). scripts/notebooks-test.mjs runs the same checks first.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const PYTHON = '/usr/bin/python3';
export const JUPYTER = '/usr/bin/jupyter';
export const KERNEL_NAME = 'tslab';
export const TSLAB = join(ROOT, 'node_modules', '.bin', 'tslab');
export const APT_COMMAND = 'apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel';
/** What the kernel and the runner import from /usr/bin/python3 (IPython comes with ipykernel; tslab's installer uses it). */
const PYTHON_MODULES = ['nbformat', 'nbclient', 'jupyter_client', 'ipykernel', 'IPython'];
/** Files of dist/ the notebooks rely on: the public entry and the chart renderer's child script. */
const BUILT = ['dist/index.js', 'dist/index.d.ts', 'dist/charts/render-chart-child.js'];

export class SetupError extends Error {}

const quietEnv = { ...process.env, PYDEVD_DISABLE_FILE_VALIDATION: '1' };

/** Stage 1: Debian's Jupyter front end and its Python modules; a missing piece names the apt-get command. */
export function checkJupyter() {
  const missing = [];
  if (!existsSync(JUPYTER)) missing.push(JUPYTER);
  if (!existsSync('/usr/bin/jupyter-nbconvert')) missing.push('/usr/bin/jupyter-nbconvert');
  if (!existsSync(PYTHON)) missing.push(PYTHON);
  else {
    const probe = `import importlib.util, sys\nmissing = [m for m in ${JSON.stringify(PYTHON_MODULES)} if importlib.util.find_spec(m) is None]\nprint(" ".join(missing))`;
    const r = spawnSync(PYTHON, ['-c', probe], { encoding: 'utf8', env: quietEnv });
    if (r.status !== 0) missing.push(`${PYTHON} could not run (${(r.stderr || r.error?.message || '').trim()})`);
    else for (const m of r.stdout.trim().split(/\s+/).filter(Boolean)) missing.push(`the Python module ${m} for ${PYTHON}`);
  }
  if (missing.length)
    throw new SetupError(`Jupyter is not installed as the notebooks need it; missing: ${missing.join(', ')}.\nInstall Debian's packages (as root), then run this again:\n  ${APT_COMMAND}`);
}

/** Stage 2: the tslab binary of this checkout (a devDependency) and a built dist/. */
export function ensureBuilt({ log = console.log } = {}) {
  if (!existsSync(TSLAB)) throw new SetupError(`${TSLAB} is missing: run \`npm install\` in ${ROOT} (tslab is a devDependency)`);
  const absent = BUILT.filter((f) => !existsSync(join(ROOT, f)));
  if (absent.length === 0) return;
  log(`notebooks: building dist/ (missing: ${absent.join(', ')})`);
  // tsc emits even when it reports type errors; what matters here is that the files exist afterwards.
  spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const still = BUILT.filter((f) => !existsSync(join(ROOT, f)));
  if (still.length) throw new SetupError(`\`npm run build\` did not produce ${still.join(', ')}; fix the build, then run this again`);
}

/** The registered tslab kernel's argv, or undefined when there is none. */
function registeredKernel() {
  const r = spawnSync(JUPYTER, ['kernelspec', 'list', '--json'], { encoding: 'utf8', env: quietEnv });
  if (r.status !== 0) throw new SetupError(`\`${JUPYTER} kernelspec list\` failed: ${(r.stderr || r.error?.message || '').trim()}`);
  const spec = JSON.parse(r.stdout).kernelspecs?.[KERNEL_NAME];
  if (!spec) return undefined;
  try {
    return JSON.parse(readFileSync(join(spec.resource_dir, 'kernel.json'), 'utf8')).argv;
  } catch {
    return spec.spec?.argv;
  }
}

/** Stage 3: register the tslab kernel pointing at this checkout's binary, unless it already does. */
export function ensureKernel({ log = console.log } = {}) {
  const argv = registeredKernel();
  if (argv?.[0] === TSLAB) {
    log(`notebooks: the ${KERNEL_NAME} kernel is registered (${TSLAB})`);
    return;
  }
  log(argv ? `notebooks: the ${KERNEL_NAME} kernel points at ${argv[0]}; registering ${TSLAB}` : `notebooks: registering the ${KERNEL_NAME} kernel (${TSLAB})`);
  const r = spawnSync(TSLAB, ['install', `--python=${PYTHON}`, `--binary=${TSLAB}`], { cwd: ROOT, encoding: 'utf8', env: quietEnv });
  if (r.status !== 0) throw new SetupError(`\`tslab install\` failed:\n${(r.stdout ?? '') + (r.stderr ?? '')}`.trim());
  const now = registeredKernel();
  if (now?.[0] !== TSLAB) throw new SetupError(`after \`tslab install\`, Jupyter's ${KERNEL_NAME} kernel runs ${now?.[0] ?? '(nothing)'}, not ${TSLAB}; another kernel registry may take precedence (see \`${JUPYTER} kernelspec list\`)`);
}

/** All three stages, in order. */
export function setupNotebooks(options = {}) {
  checkJupyter();
  ensureBuilt(options);
  ensureKernel(options);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    setupNotebooks();
    console.log('notebooks: ready. Open them with `jupyter notebook notebooks/` (or `jupyter lab`, or VS Code), kernel "TypeScript" (tslab); run them all headless with `npm run notebooks:test`.');
  } catch (err) {
    console.error(err instanceof SetupError ? err.message : err);
    process.exitCode = 1;
  }
}
