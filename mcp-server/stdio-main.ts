/** `scalper mcp` and the MCP Bundle's entry point: the stdio bridge's flags, read without the CLI (whose modules open databases) so the bridge loads no native module. */
import { realpathSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { resolveDbDir } from '../src/adapters/store/db-paths.js';
import { runStdioBridge } from './stdio-bridge.js';
import { TOOLSETS } from './tool-table.js';
import { MCP_HELP } from './bridge-help.js';

/** A refused flag: the message names it and the rule, and the bridge does not start. */
export class BridgeUsageError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
  }
}

export interface McpCommand {
  readonly dir: string;
  readonly start: boolean;
  readonly readOnly: boolean;
  readonly toolsets?: readonly string[];
  readonly serveCommand?: string;
}

/** The bridge's flags, checked. */
export function parseMcpArgs(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): McpCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'db-dir': { type: 'string' },
        'read-only': { type: 'boolean' },
        toolsets: { type: 'string' },
        'no-start': { type: 'boolean' },
        'serve-command': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new BridgeUsageError('FLAGS', (e as Error).message.split('\n')[0]!);
  }
  const dbFlag = values['db-dir'];
  if (dbFlag !== undefined && dbFlag.trim() === '') throw new BridgeUsageError('--db-dir', 'must be a directory path, got an empty string');
  let toolsets: string[] | undefined;
  if (values.toolsets !== undefined) {
    toolsets = values.toolsets.split(',').map((s) => s.trim());
    const unknown = toolsets.find((s) => !(TOOLSETS as readonly string[]).includes(s));
    if (unknown !== undefined) throw new BridgeUsageError('--toolsets', `"${unknown.slice(0, 40)}" is not a toolset (one of ${TOOLSETS.join(', ')})`);
  }
  // Empty is "not given": the bundle passes its optional setting through as it is.
  const serveCommand = values['serve-command'];
  return {
    dir: resolveDbDir({ ...(dbFlag === undefined ? {} : { flag: dbFlag }), env: env.SCALPER_DB_DIR, cwd }),
    start: values['no-start'] !== true,
    readOnly: values['read-only'] === true,
    ...(toolsets === undefined ? {} : { toolsets }),
    ...(serveCommand === undefined || serveCommand.trim() === '' ? {} : { serveCommand }),
  };
}

/** Runs the bridge on this process's stdio until stdin ends; usage errors throw BridgeUsageError. */
export async function runMcpCommand(argv: readonly string[]): Promise<void> {
  const cmd = parseMcpArgs(argv, process.env, process.cwd());
  const log = (line: string): void => void process.stderr.write(`scalper mcp: ${line}\n`);
  await runStdioBridge({ ...cmd, log });
}

/** True when this file is the program (the bundle's entry), not a module of the CLI. */
function isMain(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stderr.write(MCP_HELP);
  } else {
    runMcpCommand(argv).then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`scalper mcp: ${(e as Error).message}\n`);
        process.exit(e instanceof BridgeUsageError ? 2 : 1);
      },
    );
  }
}
