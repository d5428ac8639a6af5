/** `scalper doctor`'s OpenAlgo checks: the REST API and the market-data WebSocket reached and the key accepted, each with a plain verdict. */
import WebSocket from 'ws';
import { OpenAlgoError, OpenAlgoRest } from './openalgo-rest.js';

export interface ProbeResult {
  readonly verdict: 'ok' | 'warn' | 'fail';
  readonly detail: string;
}

/** The environment variables that configure OpenAlgo. */
export interface OpenAlgoEnv {
  readonly OPENALGO_URL?: string | undefined;
  readonly OPENALGO_WS_URL?: string | undefined;
  readonly OPENALGO_API_KEY?: string | undefined;
}

export const DEFAULT_OPENALGO_URL = 'http://127.0.0.1:5000';
export const DEFAULT_OPENALGO_WS_URL = 'ws://127.0.0.1:8765';

export async function probeRest(url: string, apiKey: string, timeoutMs = 3_000): Promise<ProbeResult> {
  try {
    const answer = await new OpenAlgoRest({ baseUrl: url, apiKey, timeoutMs }).call('ping');
    const broker = (answer.data as { broker?: unknown } | undefined)?.broker;
    return { verdict: 'ok', detail: `${url} answers and accepts the key${typeof broker === 'string' ? ` (broker ${broker})` : ''}` };
  } catch (e) {
    if (!(e instanceof OpenAlgoError)) return { verdict: 'fail', detail: `${url}: ${(e as Error).message}` };
    if (e.failure === 'unreachable') return { verdict: 'fail', detail: `OpenAlgo is unreachable at ${url} (${e.message.replace(/^.*: /, '')}): is it running, and is OPENALGO_URL right?` };
    if (e.failure === 'timeout') return { verdict: 'fail', detail: `OpenAlgo at ${url} did not answer within ${timeoutMs} ms` };
    if (e.status === 403 || e.status === 401) return { verdict: 'fail', detail: `OpenAlgo at ${url} refused the API key (${e.message.replace(/^OpenAlgo ping: /, '')}): check OPENALGO_API_KEY` };
    if (e.status === 404) return { verdict: 'warn', detail: `${url} answers but has no ping endpoint (an older OpenAlgo?): the key is not checked` };
    return { verdict: 'fail', detail: e.message };
  }
}

/** Connects, authenticates and disconnects. */
export function probeFeed(url: string, apiKey: string, timeoutMs = 3_000): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let ws: WebSocket;
    const done = (r: ProbeResult): void => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => done({ verdict: 'fail', detail: `the market-data WebSocket at ${url} did not authenticate within ${timeoutMs} ms` }), timeoutMs);
    try {
      ws = new WebSocket(url, { handshakeTimeout: timeoutMs });
    } catch (e) {
      clearTimeout(timer);
      resolve({ verdict: 'fail', detail: `OPENALGO_WS_URL ${url}: ${(e as Error).message}` });
      return;
    }
    ws.on('open', () => ws.send(JSON.stringify({ action: 'authenticate', api_key: apiKey })));
    ws.on('message', (data: Buffer) => {
      let m: { type?: unknown; status?: unknown; code?: unknown; message?: unknown };
      try {
        m = JSON.parse(data.toString('utf8')) as typeof m;
      } catch {
        return;
      }
      if (m.type === 'auth' && m.status === 'success') done({ verdict: 'ok', detail: `${url} authenticates the key` });
      else if (m.status === 'error') done({ verdict: 'fail', detail: `the market-data WebSocket at ${url} refused the key: ${String(m.code)}: ${String(m.message)}` });
    });
    ws.on('error', (e: Error & { code?: string }) => done({ verdict: 'fail', detail: `the market-data WebSocket is unreachable at ${url} (${e.code ?? e.message}): is OpenAlgo's WebSocket server running, and is OPENALGO_WS_URL right?` }));
  });
}

/** Both checks as `doctor` lists them; with nothing configured, one line saying so. */
export async function openAlgoChecks(env: OpenAlgoEnv): Promise<{ check: string; verdict: 'ok' | 'warn' | 'fail'; detail: string }[]> {
  const configured = [env.OPENALGO_URL, env.OPENALGO_WS_URL, env.OPENALGO_API_KEY].some((v) => v !== undefined && v !== '');
  if (!configured) return [{ check: 'OpenAlgo', verdict: 'ok', detail: 'not configured: paper trading on the simulator needs none (set OPENALGO_URL, OPENALGO_WS_URL and OPENALGO_API_KEY for live data)' }];
  const key = env.OPENALGO_API_KEY ?? '';
  if (key === '') return [{ check: 'OpenAlgo', verdict: 'fail', detail: 'OPENALGO_API_KEY is not set (OpenAlgo → API Key)' }];
  const url = env.OPENALGO_URL ?? DEFAULT_OPENALGO_URL;
  const wsUrl = env.OPENALGO_WS_URL ?? DEFAULT_OPENALGO_WS_URL;
  const [rest, feed] = await Promise.all([probeRest(url, key), probeFeed(wsUrl, key)]);
  return [
    { check: 'OpenAlgo REST', ...rest },
    { check: 'OpenAlgo market data', ...feed },
  ];
}
