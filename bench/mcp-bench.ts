/** MCP benchmark: get_status round trips (p50, p99) through the SDK's Client over Streamable HTTP to a real daemon and over stdio through the bridge (`scalper mcp`), one call at a time, while the daemon's agent trades the simulator. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

export interface McpBenchResult {
  readonly calls: number;
  readonly httpP50Ms: number;
  readonly httpP99Ms: number;
  readonly stdioP50Ms: number;
  readonly stdioP99Ms: number;
}

const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const bridge = fileURLToPath(new URL('../mcp-server/stdio-main.js', import.meta.url));

/** Sequential get_status calls after a warm-up; latencies in ms, sorted. */
async function roundTrips(transport: Transport, calls: number): Promise<number[]> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  for (let i = 0; i < 50; i++) await client.callTool({ name: 'get_status', arguments: {} });
  const out: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const res = await client.callTool({ name: 'get_status', arguments: {} });
    out.push(performance.now() - t0);
    if (res.isError === true) throw new Error(`get_status failed: ${JSON.stringify(res.content)}`);
  }
  await client.close();
  return out.sort((a, b) => a - b);
}

const at = (sorted: readonly number[], q: number): number => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100;

export async function mcpBench(calls = 1_000): Promise<McpBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'scalper-bench-mcp-'));
  const daemon = spawn(process.execPath, [cli, 'serve', '--db-dir', dir, '--http', '127.0.0.1:0', '--sim-speed', '60', '--days', '1', '--experiments', '0'], { stdio: ['ignore', 'ignore', 'ignore'] });
  try {
    let url: string | null = null;
    for (let i = 0; i < 600 && url === null; i++) {
      try {
        url = (JSON.parse(readFileSync(join(dir, 'daemon.json'), 'utf8')) as { url: string }).url;
      } catch {
        await sleep(100);
      }
    }
    if (url === null) throw new Error('the daemon did not listen within 60 s');
    const token = readFileSync(join(dir, 'trader.token'), 'utf8').trim();
    const http = await roundTrips(new StreamableHTTPClientTransport(new URL('/mcp', url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }), calls);
    const stdio = await roundTrips(new StdioClientTransport({ command: process.execPath, args: [bridge, '--db-dir', dir, '--no-start'], stderr: 'ignore' }), calls);
    return { calls, httpP50Ms: at(http, 0.5), httpP99Ms: at(http, 0.99), stdioP50Ms: at(stdio, 0.5), stdioP99Ms: at(stdio, 0.99) };
  } finally {
    daemon.kill('SIGINT');
    await new Promise((r) => daemon.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
