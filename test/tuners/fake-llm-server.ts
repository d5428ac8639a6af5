/** Test servers speaking the Anthropic Messages, OpenAI Chat Completions and Ollama /api/chat protocols on a local port, answering from a script; the real SDKs reach them through their base URL. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeProtocol = 'anthropic' | 'openai' | 'ollama';

/** What the fake answers to one request. */
export type FakeReply =
  /** A structured answer (Anthropic: the forced tool's input; OpenAI and Ollama: the JSON as the message's content). */
  | { readonly answer: unknown }
  /** Plain text (Anthropic: a text block and no tool call). */
  | { readonly text: string }
  /** Text cut off at the token limit (max_tokens / length). */
  | { readonly cutOff: string }
  /** OpenAI's refusal field. */
  | { readonly refusal: string }
  /** An HTTP error with the protocol's error body. */
  | { readonly status: number }
  /** Never answers (the connection stays open until the client gives up or the server closes). */
  | { readonly hang: true };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

export interface FakeLlmServer {
  /** The base URL to give the SDK: Anthropic's and Ollama's host root, OpenAI's …/v1. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Replies for the next requests, in order; when the script is empty the server answers `fallback`. */
  script(...replies: FakeReply[]): void;
  fallback: FakeReply;
  /** The user message (prompt) of request `i`. */
  userMessage(i: number): string;
  close(): Promise<void>;
}

const USAGE = { input: 1234, output: 56 };

function anthropicBody(reply: FakeReply, req: Record<string, unknown>): { status: number; body: unknown } {
  const model = String(req.model);
  const tool = (req.tool_choice as { name?: string } | undefined)?.name ?? 'propose_parameters';
  const message = (content: unknown[], stop: string) => ({ id: 'msg_test', type: 'message', role: 'assistant', model, content, stop_reason: stop, stop_sequence: null, usage: { input_tokens: USAGE.input, output_tokens: USAGE.output } });
  if ('answer' in reply) return { status: 200, body: message([{ type: 'tool_use', id: 'toolu_test', name: tool, input: reply.answer }], 'tool_use') };
  if ('text' in reply) return { status: 200, body: message([{ type: 'text', text: reply.text }], 'end_turn') };
  if ('cutOff' in reply) return { status: 200, body: message([{ type: 'text', text: reply.cutOff }], 'max_tokens') };
  if ('refusal' in reply) return { status: 200, body: message([{ type: 'text', text: reply.refusal }], 'refusal') };
  if ('status' in reply) return { status: reply.status, body: { type: 'error', error: { type: reply.status >= 500 ? 'api_error' : 'invalid_request_error', message: `fake ${reply.status}` } } };
  throw new Error('unreachable');
}

function openaiBody(reply: FakeReply, req: Record<string, unknown>): { status: number; body: unknown } {
  const completion = (content: string | null, finish: string, refusal: string | null = null) => ({
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_767_585_600,
    model: String(req.model),
    choices: [{ index: 0, message: { role: 'assistant', content, refusal }, finish_reason: finish, logprobs: null }],
    usage: { prompt_tokens: USAGE.input, completion_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output },
  });
  if ('answer' in reply) return { status: 200, body: completion(JSON.stringify(reply.answer), 'stop') };
  if ('text' in reply) return { status: 200, body: completion(reply.text, 'stop') };
  if ('cutOff' in reply) return { status: 200, body: completion(reply.cutOff, 'length') };
  if ('refusal' in reply) return { status: 200, body: completion(null, 'stop', reply.refusal) };
  if ('status' in reply) return { status: reply.status, body: { error: { message: `fake ${reply.status}`, type: 'server_error', param: null, code: null } } };
  throw new Error('unreachable');
}

function ollamaBody(reply: FakeReply, req: Record<string, unknown>): { status: number; body: unknown } {
  const chat = (content: string, doneReason: string) => ({
    model: String(req.model),
    created_at: '2026-01-05T04:00:00Z',
    message: { role: 'assistant', content },
    done: true,
    done_reason: doneReason,
    total_duration: 1,
    load_duration: 1,
    prompt_eval_count: USAGE.input,
    prompt_eval_duration: 1,
    eval_count: USAGE.output,
    eval_duration: 1,
  });
  if ('answer' in reply) return { status: 200, body: chat(JSON.stringify(reply.answer), 'stop') };
  if ('text' in reply) return { status: 200, body: chat(reply.text, 'stop') };
  if ('cutOff' in reply) return { status: 200, body: chat(reply.cutOff, 'length') };
  if ('refusal' in reply) return { status: 200, body: chat(reply.refusal, 'stop') };
  if ('status' in reply) return { status: reply.status, body: { error: `fake ${reply.status}` } };
  throw new Error('unreachable');
}

const PATHS: Record<FakeProtocol, string> = { anthropic: '/v1/messages', openai: '/v1/chat/completions', ollama: '/api/chat' };

export async function fakeLlmServer(protocol: FakeProtocol): Promise<FakeLlmServer> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        body = { unparsable: true };
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      if (req.method !== 'POST' || req.url !== PATHS[protocol]) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no route ${req.method} ${req.url}` }));
        return;
      }
      const reply = queue.shift() ?? fake.fallback;
      if ('hang' in reply) return;
      const out = protocol === 'anthropic' ? anthropicBody(reply, body) : protocol === 'openai' ? openaiBody(reply, body) : ollamaBody(reply, body);
      res.writeHead(out.status, { 'content-type': 'application/json' }).end(JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const fake: FakeLlmServer = {
    baseUrl: protocol === 'openai' ? `${root}/v1` : root,
    requests,
    fallback: { status: 500 },
    script: (...replies) => void queue.push(...replies),
    userMessage(i) {
      const messages = requests[i]!.body.messages as { role: string; content: unknown }[];
      const user = messages.find((m) => m.role === 'user')!;
      return typeof user.content === 'string' ? user.content : JSON.stringify(user.content);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
