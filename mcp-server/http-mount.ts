/** Streamable HTTP at /mcp in the daemon: stateful sessions, each bound to the API token that opened it, behind Host and Origin checks against DNS rebinding. */
import { randomUUID } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Context, Hono } from 'hono';
import type { AppDeps } from '../src/app/app-deps.js';
import type { Principal, Scope } from '../src/app/registry/operation.js';
import { createMcpServer } from './create-server.js';
import { TOOLSETS } from './tool-table.js';

export interface McpMountOptions {
  readonly deps: AppDeps;
  /** The API's token check (the same bearer tokens as REST). */
  readonly verify: (secret: string) => { readonly id: string; readonly name: string; readonly scope: Scope } | null;
  /** Accept Host and Origin names other than loopback ones (the daemon was started with --allow-remote). */
  readonly allowRemote: boolean;
  readonly onInternal?: (op: string, error: unknown) => void;
  /** Most sessions open at once. */
  readonly maxSessions?: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const hostnameOf = (host: string): string => (host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!).toLowerCase();

/** A JSON-RPC error answer (the transport's own shape), with an HTTP status. */
const rpcError = (status: number, message: string): Response =>
  new Response(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }), { status, headers: { 'content-type': 'application/json' } });

/**
 * The session's profile from the URL that opened it (`/mcp?read_only=true&toolsets=status,analytics`, as
 * the stdio bridge sends its flags), or why it is refused.
 */
function profileOf(q: URLSearchParams): { readOnly?: boolean; toolsets?: string[] } | string {
  const out: { readOnly?: boolean; toolsets?: string[] } = {};
  const ro = q.get('read_only');
  if (ro !== null) {
    if (ro !== 'true' && ro !== 'false') return `read_only: must be true or false, got "${ro.slice(0, 20)}"`;
    out.readOnly = ro === 'true';
  }
  const ts = q.get('toolsets');
  if (ts !== null) {
    const names = ts.split(',').map((s) => s.trim());
    const unknown = names.find((n) => !(TOOLSETS as readonly string[]).includes(n));
    if (unknown !== undefined) return `toolsets: "${unknown.slice(0, 40)}" is not a toolset (one of ${TOOLSETS.join(', ')})`;
    out.toolsets = names;
  }
  return out;
}

interface Session {
  readonly transport: WebStandardStreamableHTTPServerTransport;
  readonly tokenId: string;
}

export function mountMcp(app: Hono, o: McpMountOptions): { close(): Promise<void>; readonly sessions: () => number } {
  const sessions = new Map<string, Session>();
  const max = o.maxSessions ?? 64;

  const checkOrigin = (c: Context): string | null => {
    const host = c.req.header('host');
    if (host === undefined) return 'a Host header is required';
    if (!o.allowRemote && !LOOPBACK.has(hostnameOf(host))) return `Host ${host} is not a loopback name (DNS rebinding protection; start the daemon with --allow-remote to serve other names)`;
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== 'null') {
      let name: string;
      try {
        name = new URL(origin).host;
      } catch {
        return `Origin ${origin} is not a URL`;
      }
      if (!o.allowRemote && !LOOPBACK.has(hostnameOf(name))) return `Origin ${origin} is not allowed: a web page may not drive the engine`;
      if (o.allowRemote && name !== host) return `Origin ${origin} does not match Host ${host}`;
    }
    return null;
  };

  app.all('/mcp', async (c) => {
    const refused = checkOrigin(c);
    if (refused !== null) return rpcError(403, refused);
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const token = m === null ? null : o.verify(m[1]!);
    if (token === null) return rpcError(401, m === null ? 'missing bearer token: send Authorization: Bearer <token> (make one with `scalper token create`)' : 'unknown or revoked token');
    const principal: Principal = { name: token.name, scope: token.scope, tokenId: token.id };
    const authInfo = { token: m![1]!, clientId: token.name, scopes: [token.scope], extra: { tokenId: token.id } };
    const id = c.req.header('mcp-session-id');
    if (id !== undefined) {
      const s = sessions.get(id);
      if (s === undefined) return rpcError(404, 'no such session: it ended or the daemon restarted; initialize a new one');
      if (s.tokenId !== token.id) return rpcError(403, 'this session belongs to another token');
      return s.transport.handleRequest(c.req.raw, { authInfo });
    }
    if (c.req.method !== 'POST') return rpcError(400, 'no session: send an initialize request first');
    if (sessions.size >= max) return rpcError(503, `too many MCP sessions open (${max}); close one`);
    const profile = profileOf(new URL(c.req.url).searchParams);
    if (typeof profile === 'string') return rpcError(400, profile);
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => void sessions.set(sid, { transport, tokenId: token.id }),
      onsessionclosed: (sid) => void sessions.delete(sid),
      maxRequestBodySize: 1024 * 1024,
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    const server = createMcpServer({ deps: o.deps, principal, ...profile, ...(o.onInternal === undefined ? {} : { onInternal: o.onInternal }) });
    await server.connect(transport);
    return transport.handleRequest(c.req.raw, { authInfo });
  });

  return {
    sessions: () => sessions.size,
    close: async () => {
      await Promise.all([...sessions.values()].map((s) => s.transport.close().catch(() => undefined)));
      sessions.clear();
    },
  };
}
