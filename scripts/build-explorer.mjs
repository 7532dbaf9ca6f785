// Bundles the teaching explorer (src/explore/browser/) with esbuild into dist/explorer/: index.html,
// app.js (the page), worker.js (the engine in a Web Worker), explorer.css. Run by `npm run build` after tsc.
// The shipped scenario and lesson files are bundled as data (esbuild's `define`), never read by the browser. Nothing
// refers to the network. Files are written whole (temporary file, then rename), as another build may run at
// the same moment; files of an earlier build that this one does not write are removed.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'src', 'explore', 'browser');
const out = join(root, 'dist', 'explorer');
const t0 = performance.now();

/** The JSON files of a folder by base name (schemas excluded), exactly as the files hold them. */
const jsonFilesOf = (dir) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
      .sort()
      .map((f) => [basename(f, '.json'), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
  );
// The shipped scenarios, and the guided lessons (scenarios/lessons/).
const scenariosDir = join(root, 'scenarios');
const scenarios = jsonFilesOf(scenariosDir);
const lessons = jsonFilesOf(join(scenariosDir, 'lessons'));

const result = await build({
  absWorkingDir: root,
  entryPoints: { app: join(source, 'app.ts'), worker: join(source, 'worker.ts') },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  minify: true,
  legalComments: 'eof',
  sourcemap: false,
  write: false,
  outdir: out,
  logLevel: 'warning',
  define: {
    __CPI_SIM_SCENARIOS__: JSON.stringify(scenarios),
    __CPI_SIM_LESSONS__: JSON.stringify(lessons),
    'process.env.NODE_ENV': '"production"',
  },
});

const files = new Map(result.outputFiles.map((f) => [basename(f.path), f.contents]));
for (const asset of ['index.html', 'explorer.css']) files.set(asset, readFileSync(join(source, asset)));

mkdirSync(out, { recursive: true });
for (const [name, contents] of files) {
  const tmp = join(out, `.${name}.${process.pid}.tmp`);
  writeFileSync(tmp, contents);
  renameSync(tmp, join(out, name));
}
for (const name of readdirSync(out)) if (!files.has(name) && !name.endsWith('.tmp')) rmSync(join(out, name), { recursive: true, force: true });

if (process.argv.includes('--verbose')) {
  const sizes = [...files].map(([name, c]) => `${name} ${Math.round(c.length / 1024)} kB`).join(', ');
  console.log(`explorer: dist/explorer/ (${sizes}) in ${Math.round(performance.now() - t0)} ms`);
}
