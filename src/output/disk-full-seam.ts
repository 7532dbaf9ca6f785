// A test-only seam for a full disk, which no test can make for real: with CPI_SIM_TEST_DISK_FULL=k in the
// environment, each thread's (k+1)-th write of results (a piece of a streamed file, or a whole small file)
// throws ENOSPC as a full disk would. Part of output/ (Node only). Inert when the variable is unset, which is
// always outside the tests; the counter is per thread, as every sweep worker writes its own chunks.
const DISK_FULL = 'CPI_SIM_TEST_DISK_FULL';

let writes = 0;

/** Before one write of results: throw ENOSPC if the test asked for a full disk after this many writes. */
export function checkDiskFullSeam(path: string): void {
  const at = process.env[DISK_FULL];
  if (at === undefined || at === '') return;
  const k = Number(at);
  if (!Number.isInteger(k) || k < 0) return;
  if (writes++ >= k) throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC', syscall: 'write', path });
}

/** Whether an error is a full disk (also when it crossed from a worker thread, which keeps only the message). */
export const isDiskFull = (err: unknown): boolean =>
  err instanceof Error && ((err as NodeJS.ErrnoException).code === 'ENOSPC' || /\bENOSPC\b/.test(err.message));
