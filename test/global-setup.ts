// Before the tests: compile src/ to dist/ once (the CLI binary runs from dist/), and say which system tools
// are missing, so the tests that need them are skipped (with a reason) and the reader knows before the run.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { INSTALL_HINT, OPTIONAL_TOOLS } from './support/optional-tools.js';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const missing = OPTIONAL_TOOLS.filter((t) => !t.present());
  if (missing.length === 0) return;
  const lines = missing.map((t) => `  - ${t.name}: ${process.env[t.requiredBy] === '1' ? `REQUIRED (${t.requiredBy}=1), so its tests will fail` : 'its tests are skipped'}: ${t.usedFor}`);
  process.stderr.write(`\nSome system tools are missing, so not every test runs here:\n${lines.join('\n')}\nInstall them all (Debian/Ubuntu): ${INSTALL_HINT}\n\n`);
}
