/** The daemon's HTTP listener: hono on @hono/node-server, loopback only unless the trader allows remote access. */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { AppError } from '../app/errors.js';

export const DEFAULT_HTTP = '127.0.0.1:7878';

/** Parses `HOST:PORT` (IPv6 as `[::1]:7878`); port 0 picks a free port. */
export function parseHttpAddress(text: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text.trim());
  const port = m === null ? NaN : Number(m[3]);
  if (m === null || !(port >= 0 && port <= 65_535)) {
    throw new AppError('INVALID_INPUT', `--http: must be HOST:PORT (e.g. ${DEFAULT_HTTP}), got "${text}"`, { issues: [{ field: '--http', rule: 'must be HOST:PORT with a port 0–65535' }] });
  }
  return { host: m[1] ?? m[2]!, port };
}

/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export interface HttpListener {
  /** The address it listens on, e.g. http://127.0.0.1:7878. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Listens for `app`. A non-loopback address is refused unless `allowRemote`: the API can pause and kill
 * the engine, and its tokens travel in clear over plain HTTP, so exposing it is the trader's decision.
 */
export async function listen(app: Hono, address: { host: string; port: number }, allowRemote: boolean): Promise<HttpListener> {
  if (!isLoopback(address.host) && !allowRemote) {
    throw new AppError(
      'INVALID_INPUT',
      `--http: ${address.host} is not a loopback address; the API controls the engine and its tokens travel in clear, so it listens on 127.0.0.1 unless you add --allow-remote (and put TLS in front)`,
      { issues: [{ field: '--http', rule: 'must be a loopback address without --allow-remote' }] },
    );
  }
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: address.host, port: address.port }) as Server;
    server.once('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'EADDRINUSE' ? 'the port is in use (another scalper serve?)' : e.code === 'EACCES' ? 'permission denied' : e.message;
      reject(new AppError('UNAVAILABLE', `--http ${address.host}:${address.port}: ${why}; pick another with --http HOST:PORT`, { cause: e }));
    });
    server.once('listening', () => {
      const a = server.address();
      const port = typeof a === 'object' && a !== null ? a.port : address.port;
      const host = address.host.includes(':') ? `[${address.host}]` : address.host;
      resolve({
        url: `http://${host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
