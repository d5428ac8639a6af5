/**
 * `npm run bundle`: the MCP Bundle (.mcpb) for Claude Desktop: the stdio bridge as one pure-JavaScript file
 * (esbuild: the SDK inlined, no node_modules, no native module), a manifest whose tools and prompts come
 * from the registry, and `mcpb pack`. The daemon it bridges to is the installed product's (`scalper serve`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { findPackageRoot } from '../src/adapters/rate-cards.js';
import { operation } from '../src/app/registry/registry.js';
import { loadPrompts } from './prompts.js';
import { TOOLS } from './tool-table.js';

/** The bundle's manifest (MCPB manifest_version 0.3). */
export function bundleManifest(root: string): Record<string, unknown> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; description: string; license: string };
  return {
    manifest_version: '0.3',
    name: 'ai-scalper',
    display_name: 'AI Scalper',
    version: pkg.version,
    description: 'Drive the AI Scalper options scalper from Claude: status, trades net of charges, backtests, parameter proposals, experiments. Paper by default.',
    long_description:
      'A bridge from Claude Desktop to the AI Scalper daemon of a database directory (its Streamable HTTP /mcp, as the local trader). ' +
      'When no daemon is running and the scalper CLI is set, it starts one in the background, so trading goes on when Claude closes. ' +
      'The model can never arm live trading. The daemon itself is the installed product (npm install in its checkout); this bundle holds only the bridge, in plain JavaScript.',
    author: { name: 'AI Scalper' },
    license: pkg.license,
    server: {
      type: 'node',
      entry_point: 'server/index.mjs',
      mcp_config: {
        command: 'node',
        args: ['${__dirname}/server/index.mjs', '--db-dir', '${user_config.db_dir}', '--serve-command', '${user_config.scalper_cli}'],
        env: {},
      },
    },
    tools: TOOLS.map((t) => ({ name: t.tool, description: operation(t.op)?.summary ?? t.title })),
    prompts: loadPrompts(join(root, 'prompts/mcp')).map((p) => ({ name: p.name, description: p.description, ...(Object.keys(p.args).length === 0 ? {} : { arguments: Object.keys(p.args) }), text: p.body })),
    compatibility: { platforms: ['darwin', 'win32', 'linux'], runtimes: { node: '>=20.0.0' } },
    user_config: {
      db_dir: {
        type: 'directory',
        title: 'Database directory',
        description: 'The scalper database directory (scalper serve --db-dir): its daemon serves this chat and its trader token authenticates it.',
        required: true,
        default: '${HOME}/ai-scalper/db',
      },
      scalper_cli: {
        type: 'file',
        title: 'scalper CLI (optional)',
        description:
          'dist/src/cli/main.js of your AI Scalper checkout. When set, the bridge starts `scalper serve` for the directory if no daemon is running; when empty, start the daemon yourself.',
        required: false,
        default: '',
      },
    },
    keywords: ['trading', 'options', 'backtesting', 'nse', 'paper-trading'],
  };
}

/** Writes the bundle's directory (manifest.json and server/index.mjs) under `out`. */
export async function writeBundleDir(root: string, out: string): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'server'), { recursive: true });
  await build({
    entryPoints: [join(root, 'mcp-server/stdio-main.ts')],
    outfile: join(out, 'server/index.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'inline',
    // CommonJS dependencies inlined in an ES module still call require() for Node's own modules.
    banner: { js: "import { createRequire as __scalperCreateRequire } from 'node:module'; const require = __scalperCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(bundleManifest(root), null, 2)}\n`);
}

/** The mcpb CLI of this checkout. */
export const mcpbCli = (root: string): string => join(root, 'node_modules/@anthropic-ai/mcpb/dist/cli/cli.js');

async function main(): Promise<void> {
  const root = findPackageRoot();
  const dir = join(root, 'build/mcpb');
  await writeBundleDir(root, dir);
  const cli = mcpbCli(root);
  execFileSync(process.execPath, [cli, 'validate', join(dir, 'manifest.json')], { stdio: 'inherit' });
  const version = (bundleManifest(root) as { version: string }).version;
  const file = join(root, 'build', `ai-scalper-${version}.mcpb`);
  execFileSync(process.execPath, [cli, 'pack', dir, file], { stdio: 'inherit' });
  process.stderr.write(`bundle: ${file}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`bundle: ${(e as Error).message}\n`);
    process.exit(1);
  });
}
