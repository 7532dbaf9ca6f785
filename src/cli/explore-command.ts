// `cpi-sim explore [scenario]`: serve the teaching explorer (built into dist/explorer/ from src/explore/) on
// this machine and print its address; Ctrl-C stops it. Part of cli/: it parses, loads the scenario through
// the library and starts the server in explore/; no model logic. Stages: (1) options, (2) the scenario
// (checked here, so a bad file fails on the command line, not in the page), (3) the built page,
// (4) serve until interrupted.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, DEFAULT_SCENARIO } from '../scenario/load.js';
import { EXPLORER_DIR, isLoopbackHost, startExplorerServer, type ExplorerServer } from '../explore/explorer-server.js';
import { countPersons, MAX_EXPLORER_PERSONS } from '../explore/explorer-limits.js';
import { CliUsageError, type CliIO } from './cli-io.js';
import { resolveScenarioRef } from './scenario-ref.js';

/** The scenario the explorer opens when none is given: small and fast, made for teaching. */
export const DEFAULT_EXPLORER_SCENARIO = 'teaching-barriers';

export interface ExploreArgs {
  readonly scenario?: string;
  readonly port?: string;
  readonly host?: string;
}

export interface ExploreOptions {
  /** Stop serving when this signal aborts (tests); by default SIGINT or SIGTERM stop it. */
  readonly signal?: AbortSignal;
  /** The folder of built assets (tests); default dist/explorer. */
  readonly root?: string;
  /** Called once the server listens (tests read the address from it). */
  readonly onListening?: (url: string) => void;
}

export async function exploreCommand(args: ExploreArgs, io: CliIO, options: ExploreOptions = {}): Promise<number> {
  // 1. Options.
  const port = args.port === undefined ? 8765 : Number(args.port);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535) || (args.port !== undefined && args.port.trim() === ''))
    throw new CliUsageError(`--port ${args.port}: expected a port number from 0 to 65535 (0: any free port)`);
  const host = args.host ?? '127.0.0.1';
  if (host.trim() === '') throw new CliUsageError('--host: expected an address to listen on, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every network)');

  // 2. The scenario: any scenario file or shipped name, complete and small enough to watch live.
  const scenario = loadScenario(resolveScenarioRef(args.scenario ?? DEFAULT_EXPLORER_SCENARIO, io.cwd));
  const persons = countPersons(scenario.params);
  if (persons > MAX_EXPLORER_PERSONS)
    throw new CliUsageError(
      `scenario "${scenario.name}" has ${persons} persons: too many to watch live in a browser (allowed: at most ${MAX_EXPLORER_PERSONS}); explore a smaller scenario, e.g. ${DEFAULT_EXPLORER_SCENARIO} or ${DEFAULT_SCENARIO}`,
    );

  // 3. The built page.
  const root = options.root ?? EXPLORER_DIR;
  if (!existsSync(join(root, 'index.html'))) throw new CliUsageError(`the explorer is not built (no ${join(root, 'index.html')}); run \`npm run build\` in the package folder first`);

  // 4. Serve until interrupted.
  let server: ExplorerServer;
  try {
    server = await startExplorerServer({ root, host, port, scenario: { name: scenario.name, document: scenario.document } });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliUsageError(`--port ${port}: the port is in use; choose another, or --port 0 for any free port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES')
      throw new CliUsageError(`cannot listen on ${host}:${port} (${code}); try --host 127.0.0.1${code === 'EACCES' ? ' and a port above 1023' : ''}`);
    throw err;
  }
  io.stdout(`cpi-sim explorer: ${scenario.title}\n  ${server.url}\n`);
  if (!isLoopbackHost(host)) io.stdout(`  listening on ${host}: other machines on the network can open it too\n`);
  io.stdout('Open the address in a browser. Press Ctrl-C to stop.\n');
  options.onListening?.(server.url);
  await new Promise<void>((stopped) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      options.signal?.removeEventListener('abort', stop);
      stopped();
    };
    if (options.signal) {
      if (options.signal.aborted) return stop();
      options.signal.addEventListener('abort', stop);
    } else {
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }
  });
  await server.close();
  io.stdout('Explorer stopped.\n');
  return 0;
}
