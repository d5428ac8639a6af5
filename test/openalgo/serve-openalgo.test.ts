/**
 * `scalper serve --feed openalgo` as a trader runs it, against the fake OpenAlgo server: a missing key and an
 * unreachable OpenAlgo refused plainly with nothing left behind; paper trading on live data with the feed's
 * connection in status, ticks processed as they arrive, and Ctrl-C ending it cleanly.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scalper } from '../cli/in-process.js';
import { FakeOpenAlgo } from './fake-openalgo.js';

const root = resolve(import.meta.dirname, '../..');
const KEY = 'serve-key-0123456789';
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'scalper-openalgo-'));
  dirs.push(d);
  return d;
};

/** `scalper serve` from source with `env` instead of this process's OpenAlgo variables. */
function serve(args: string[], env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPENALGO_')));
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'serve', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...clean, ...env } });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, stderr: () => stderr };
}

const closedPort = (): Promise<number> =>
  new Promise((r) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => r(p));
    });
  });

async function until(what: string, ok: () => boolean | Promise<boolean>, boundMs = 120_000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The address serve's API listens on, once it says so (fails if serve exits first). */
async function apiOf(s: ReturnType<typeof serve>): Promise<string> {
  let url = '';
  await until('the API', () => {
    const m = /REST API on (http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(s.stderr());
    if (m !== null) url = m[1]!;
    if (s.child.exitCode !== null) throw new Error(`serve exited: ${s.stderr()}`);
    return m !== null;
  });
  return url;
}

describe('scalper serve --feed openalgo', () => {
  it('refuses a missing key naming it, and an unreachable OpenAlgo saying so; neither leaves a lock or a database behind', async () => {
    const dir = join(tempDir(), 'db');
    const noKey = serve(['--feed', 'openalgo', '--db-dir', dir, '--no-http'], {});
    expect(await noKey.exited).toBe(2);
    expect(noKey.stderr()).toMatch(/OPENALGO_API_KEY: is not set: --feed openalgo needs the API key/);
    expect(existsSync(dir)).toBe(false);
    const port = await closedPort();
    const down = serve(['--feed', 'openalgo', '--db-dir', dir, '--no-http'], { OPENALGO_API_KEY: KEY, OPENALGO_URL: `http://127.0.0.1:${port}`, OPENALGO_WS_URL: `ws://127.0.0.1:${port}` });
    expect(await down.exited).not.toBe(0);
    expect(down.stderr()).toMatch(new RegExp(`--feed openalgo: OpenAlgo expiry: cannot reach http://127.0.0.1:${port}: ECONNREFUSED`));
    expect(existsSync(join(dir, 'engine.lock'))).toBe(false);
  }, 120_000);

  it('paper-trades the live feed: status shows the connection, ticks are processed as they come, Ctrl-C ends it', async () => {
    const fake = await FakeOpenAlgo.start({ apiKey: KEY });
    try {
      const soon = new Date(Date.now() + 7 * 86_400_000);
      fake.chain = { ...fake.chain, expiries: [`${String(soon.getUTCDate()).padStart(2, '0')}-${MONTHS[soon.getUTCMonth()]}-${String(soon.getUTCFullYear()).slice(2)}`] };
      const dir = tempDir();
      const created = await scalper(['token', 'create', '--scope', 'trader', '--name', 'openalgo-e2e', '--json', '--db-dir', dir]);
      const { token } = JSON.parse(created.stdout) as { token: string };
      const s = serve(['--feed', 'openalgo', '--db-dir', dir, '--http', '127.0.0.1:0', '--experiments', '0'], { OPENALGO_API_KEY: KEY, OPENALGO_URL: fake.httpUrl, OPENALGO_WS_URL: fake.wsUrl });
      const url = await apiOf(s);
      const status = async () => ((await (await fetch(`${url}/api/v1/status`, { headers: { authorization: `Bearer ${token}` } })).json()) as { mode: string; data: { state: string; simTime: number | null; feed: { kind: string; connection: { state: string; connected: boolean } } } });
      // The live market is connected before the API opens: the engine runs from the first answer.
      expect((await status()).data.state).toBe('running');
      // The index and the strikes next to the money (ATM ± 1): the rest of the chain (ATM ± 10) is not streamed until the agent's strikes move.
      await until('the subscriptions', () => fake.subscriptions()[0]?.length === 7);
      const first = await status();
      expect(first).toMatchObject({ mode: 'paper', data: { state: 'running', feed: { kind: 'live', connection: { state: 'live', connected: true } } } });
      const ts = Date.now();
      fake.push('NSE_INDEX', 'NIFTY', { ltp: 26001.5, timestamp: ts });
      const ce = [...fake.requests].reverse().find((r) => r.endpoint === 'optionsymbol' && r.body.offset === 'ATM' && r.body.option_type === 'CE')!;
      const ceSymbol = `NIFTY${String(ce.body.expiry_date)}26000CE`;
      fake.push('NFO', ceSymbol, { ltp: 120.5, bid: 120.45, ask: 120.55, bid_qty: 650, ask_qty: 325, timestamp: ts + 1 });
      await until('the ticks in status', async () => (await status()).data.simTime === ts + 1);
      expect(s.stderr()).toMatch(/openalgo: NIFTY \d{2}[A-Z]{3}\d{2}, 21 strikes/);
      // The feed's connection is an alarm.feed event on the SSE stream (replayed from the start with ?since=0).
      const sse = new AbortController();
      const stream = await fetch(`${url}/api/v1/events?since=0`, { headers: { authorization: `Bearer ${token}` }, signal: sse.signal });
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      while (!/event: alarm\.feed\n(id: \d+\n)?data: .*"event":"connected"/.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
      sse.abort();
      expect(text).toMatch(/"feed":"NIFTY via OpenAlgo"/);
      s.child.kill('SIGINT');
      expect(await s.exited).toBe(0);
      expect(existsSync(join(dir, 'engine.lock'))).toBe(false);
      expect(existsSync(join(dir, 'recordings'))).toBe(true);
    } finally {
      await fake.close();
    }
  }, 180_000);

  it('--mode live runs only once the trader has armed it, says live everywhere, and the kill switch disarms; --mode analyzer needs OpenAlgo in analyzer mode', async () => {
    const fake = await FakeOpenAlgo.start({ apiKey: KEY });
    try {
      const soon = new Date(Date.now() + 7 * 86_400_000);
      fake.chain = { ...fake.chain, expiries: [`${String(soon.getUTCDate()).padStart(2, '0')}-${MONTHS[soon.getUTCMonth()]}-${String(soon.getUTCFullYear()).slice(2)}`] };
      const env = { OPENALGO_API_KEY: KEY, OPENALGO_URL: fake.httpUrl, OPENALGO_WS_URL: fake.wsUrl };
      const dir = tempDir();
      const unarmed = serve(['--feed', 'openalgo', '--mode', 'live', '--db-dir', dir, '--no-http'], env);
      expect(await unarmed.exited).toBe(2);
      expect(unarmed.stderr()).toMatch(/--mode: live trading is not armed: only a trader arms it/);
      expect(fake.connections).toBe(0);
      // OpenAlgo in live mode: analyzer is refused, and we never toggle it.
      const analyzer = serve(['--feed', 'openalgo', '--mode', 'analyzer', '--db-dir', dir, '--no-http'], env);
      expect(await analyzer.exited).toBe(2);
      expect(analyzer.stderr()).toMatch(/--mode analyzer: OpenAlgo is not in analyzer mode; turn it on in OpenAlgo \(we never toggle it\)/);
      expect(fake.requests.some((r) => r.endpoint === 'analyzer/toggle')).toBe(false);

      // The trader arms at the terminal (no daemon yet): the arming is in the database for serve.
      const armed = await scalper(['arm-live', 'arm', '--minutes', '20', '--note', 'first live hour', '--db-dir', dir]);
      expect(armed.code, armed.stderr).toBe(0);
      expect(armed.stdout).toMatch(/^live ARMED by cli until \d{4}-\d{2}-\d{2}T/);
      const created = await scalper(['token', 'create', '--scope', 'trader', '--name', 'live-e2e', '--json', '--db-dir', dir]);
      const { token } = JSON.parse(created.stdout) as { token: string };
      const s = serve(['--feed', 'openalgo', '--mode', 'live', '--db-dir', dir, '--http', '127.0.0.1:0', '--experiments', '0'], env);
      const url = await apiOf(s);
      const get = async (path: string) => (await (await fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { mode: string; data: Record<string, unknown> };
      expect(await get('/status')).toMatchObject({ mode: 'live', data: { state: 'running', mode: 'live', liveArming: { armed: true } } });
      expect(await get('/engine/live')).toMatchObject({ mode: 'live', data: { armed: true, note: 'first live hour' } });
      const kill = await fetch(`${url}/api/v1/engine/kill`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(kill.status).toBe(200);
      expect(await get('/engine/live')).toMatchObject({ data: { armed: false, lastEnd: { reason: 'kill switch' } } });
      const status = await scalper(['arm-live', 'status', '--db-dir', dir]);
      expect(status.stdout).toMatch(/^live not armed \(last arming ended .*: kill switch, by kill switch\)/);
      s.child.kill('SIGINT');
      expect(await s.exited).toBe(0);
    } finally {
      await fake.close();
    }
  }, 180_000);
});
