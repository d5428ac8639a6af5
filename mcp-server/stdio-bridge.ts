/**
 * The stdio bridge (`scalper mcp`): an MCP client on stdio (Claude Desktop) talks, message for message, to
 * the Streamable HTTP /mcp of the daemon of a database directory, so the engine outlives the chat app and
 * every tool, resource and prompt is the daemon's own. Plain Node and the SDK's transports only: no native
 * module, so an MCP Bundle can ship it. Stdout carries protocol alone; everything else goes to `log`.
 */
import type { Readable, Writable } from 'node:stream';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage, JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { ensureDaemon, NoDaemonError, readTraderToken } from './daemon-launcher.js';

export interface BridgeOptions {
  /** The database directory whose daemon serves the session. */
  readonly dir: string;
  /** Start a daemon when none runs. */
  readonly start: boolean;
  readonly serveCommand?: string;
  /** The session's profile, applied by the daemon. */
  readonly readOnly: boolean;
  readonly toolsets?: readonly string[];
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly log: (line: string) => void;
}

type Id = string | number;
const isRequest = (m: JSONRPCMessage): m is JSONRPCRequest => 'method' in m && 'id' in m;
const idOf = (m: JSONRPCMessage): Id | undefined => ('id' in m ? m.id : undefined);

/** The daemon's refusal, said plainly (its JSON-RPC message when it sent one). */
function describe(e: unknown, dir: string): string {
  if (e instanceof NoDaemonError) return e.message;
  if (e instanceof StreamableHTTPError) {
    const said = /"message":"((?:[^"\\]|\\.)*)"/.exec(e.message)?.[1];
    if (e.code === 401) return `the daemon refused the trader token in ${dir}/trader.token (${said ?? 'unauthorized'}): restart the daemon to write a new one`;
    return `the daemon answered HTTP ${e.code}: ${said ?? e.message}`;
  }
  return `the daemon cannot be reached (${(e as Error).message}); it may have stopped`;
}

/** Whether a failed send means the daemon or its session is gone, so a new session may be opened. */
const sessionLost = (e: unknown): boolean => (e instanceof StreamableHTTPError ? e.code === 404 : e instanceof TypeError);

/** Runs the bridge until stdin ends (or the process is told to stop). */
export async function runStdioBridge(o: BridgeOptions): Promise<void> {
  const stdio = new StdioServerTransport(o.stdin, o.stdout);
  let ready: Promise<StreamableHTTPClientTransport> | null = null;
  let current: StreamableHTTPClientTransport | null = null;
  let init: JSONRPCRequest | null = null;
  // Said once, in the first tool result, when this bridge started the daemon.
  let note: string | null = null;
  const toolCalls = new Set<Id>();
  const internal = new Map<Id, (m: JSONRPCMessage) => void>();
  let reinits = 0;

  const toClient = (m: JSONRPCMessage): void => {
    void stdio.send(m).catch((e: unknown) => o.log(`cannot write to the client: ${(e as Error).message}`));
  };

  const fromDaemon = (t: StreamableHTTPClientTransport, m: JSONRPCMessage): void => {
    const id = idOf(m);
    if (id !== undefined && 'result' in m) {
      const answer = internal.get(id);
      if (answer !== undefined) {
        internal.delete(id);
        answer(m);
        return;
      }
      const result = m.result as Record<string, unknown>;
      if (init !== null && id === init.id) {
        if (typeof result.protocolVersion === 'string') t.setProtocolVersion(result.protocolVersion);
        if (note !== null && typeof result.instructions === 'string') result.instructions = `${result.instructions}\n${note}`;
      }
      if (toolCalls.delete(id) && note !== null && Array.isArray(result.content)) {
        result.content.push({ type: 'text', text: note });
        note = null;
      }
    } else if (id !== undefined) {
      toolCalls.delete(id);
    }
    toClient(m);
  };

  const connect = async (): Promise<StreamableHTTPClientTransport> => {
    const found = await ensureDaemon({ dir: o.dir, start: o.start, ...(o.serveCommand === undefined ? {} : { serveCommand: o.serveCommand }), log: o.log });
    if (found.started) note = `Note: no scalper daemon was running for ${o.dir}, so one was started in the background (pid ${found.info.pid}); it keeps trading after this chat closes. Its output is in ${found.logPath}.`;
    const url = new URL('/mcp', found.info.url);
    if (o.readOnly) url.searchParams.set('read_only', 'true');
    if (o.toolsets !== undefined) url.searchParams.set('toolsets', o.toolsets.join(','));
    const t = new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${readTraderToken(o.dir)}` } } });
    t.onmessage = (m) => fromDaemon(t, m);
    t.onerror = (e) => o.log(`daemon stream: ${e.message}`);
    await t.start();
    current = t;
    return t;
  };

  /** A new session on a (possibly new) daemon, initialized as the client initialized the lost one. */
  const reopen = async (): Promise<StreamableHTTPClientTransport> => {
    await current?.close().catch(() => undefined);
    const t = await connect();
    const id = `bridge-reinitialize-${++reinits}`;
    const answered = new Promise<JSONRPCMessage>((resolve) => internal.set(id, resolve));
    await t.send({ ...init!, id });
    const answer = await answered;
    const version = 'result' in answer ? (answer.result as { protocolVersion?: unknown }).protocolVersion : undefined;
    if (typeof version === 'string') t.setProtocolVersion(version);
    await t.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    o.log('the daemon session was lost (the daemon restarted?); opened a new one (resource subscriptions must be renewed)');
    return t;
  };

  const forward = async (m: JSONRPCMessage): Promise<void> => {
    if (isRequest(m)) {
      if (m.method === 'initialize') init = m;
      if (m.method === 'tools/call') toolCalls.add(m.id);
    }
    try {
      ready ??= connect();
      const t = await ready;
      try {
        await t.send(m);
      } catch (e) {
        if (!sessionLost(e) || init === null || m === init) throw e;
        ready = reopen();
        await (await ready).send(m);
      }
    } catch (e) {
      // The next message tries again (a daemon may since have started).
      ready = null;
      const why = describe(e, o.dir);
      o.log(why);
      if (isRequest(m)) {
        toolCalls.delete(m.id);
        toClient({ jsonrpc: '2.0', id: m.id, error: { code: -32000, message: `scalper mcp: ${why}` } });
      }
    }
  };

  stdio.onmessage = (m) => void forward(m);
  stdio.onerror = (e) => o.log(`stdin: ${e.message}`);
  await stdio.start();
  o.log(`bridging stdio to the daemon of ${o.dir}${o.readOnly ? ' (read-only)' : ''}${o.toolsets === undefined ? '' : ` (toolsets ${o.toolsets.join(',')})`}`);

  const stdin = o.stdin ?? process.stdin;
  await new Promise<void>((resolve) => {
    stdin.once('end', resolve);
    stdin.once('close', resolve);
  });
  // The session ends with the chat; the daemon, and its trading, go on.
  const t = current as StreamableHTTPClientTransport | null;
  if (t !== null) {
    await t.terminateSession().catch(() => undefined);
    await t.close().catch(() => undefined);
  }
  await stdio.close();
}
