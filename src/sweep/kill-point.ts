// A deterministic crash point for the resume tests: with CPI_SIM_TEST_KILL_AT_CHUNKS=N in the environment, the
// process SIGKILLs itself the moment its sweep folder holds N finished chunk files, whichever thread wrote the
// last one (other workers may be mid-chunk, as in a real crash). Part of sweep/ (Node only). Inert when the
// variable is unset, which is always outside the tests: a kill "after 1 s" lands before start-up on a busy
// machine, a kill at the N-th chunk lands in the same place on every machine.
import { readdirSync } from 'node:fs';

const KILL_AT = 'CPI_SIM_TEST_KILL_AT_CHUNKS';

/** After a chunk file is committed in `partialDir`: die by SIGKILL if the test asked for it at this count. */
export function killAtChunkCount(partialDir: string, isChunk: (name: string) => boolean): void {
  const at = process.env[KILL_AT];
  if (at === undefined || at === '') return;
  const n = Number(at);
  if (!Number.isInteger(n) || n < 1) return;
  if (readdirSync(partialDir).filter(isChunk).length >= n) process.kill(process.pid, 'SIGKILL');
}
