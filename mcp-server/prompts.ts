/** The MCP prompts, from prompts/mcp/*.md (front matter: name, title, description, args; body with {{arg}} slots); explain_trade's trade id completes from the book. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export interface PromptFile {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly args: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Reads one prompt file; its front matter is the small YAML subset the files use (key: value, and one level of args). */
export function parsePromptFile(text: string, file: string): PromptFile {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (m === null) throw new Error(`${file}: no front matter`);
  const head: Record<string, string> = {};
  const args: Record<string, string> = {};
  let inArgs = false;
  for (const line of m[1]!.split('\n')) {
    const arg = /^ {2}(\w+): (.*)$/.exec(line);
    if (inArgs && arg !== null) {
      args[arg[1]!] = arg[2]!;
      continue;
    }
    const kv = /^(\w+): ?(.*)$/.exec(line);
    if (kv === null) throw new Error(`${file}: cannot read front matter line "${line}"`);
    inArgs = kv[1] === 'args';
    if (!inArgs) head[kv[1]!] = kv[2]!;
  }
  for (const k of ['name', 'title', 'description']) if (head[k] === undefined) throw new Error(`${file}: front matter needs ${k}`);
  return { name: head.name!, title: head.title!, description: head.description!, args, body: m[2]! };
}

export function loadPrompts(dir: string): PromptFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => parsePromptFile(readFileSync(join(dir, f), 'utf8'), f));
}

/** Fills the body's {{arg}} slots; an argument not given reads "(not given)". */
export function renderPrompt(p: PromptFile, values: Readonly<Record<string, string | undefined>>): string {
  return p.body.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => values[k] ?? '(not given)');
}

export function registerPrompts(server: McpServer, prompts: readonly PromptFile[], completeTradeId: (prefix: string) => Promise<string[]>): void {
  for (const p of prompts) {
    const shape: Record<string, z.ZodType> = {};
    for (const [k, doc] of Object.entries(p.args)) {
      const base = z.string().max(200).optional().describe(doc);
      shape[k] = k === 'trade_id' ? completable(base, (v) => completeTradeId(v ?? '')) : base;
    }
    server.registerPrompt(p.name, { title: p.title, description: p.description, argsSchema: shape }, (args) => ({
      messages: [{ role: 'user', content: { type: 'text', text: renderPrompt(p, args as Record<string, string | undefined>) } }],
    }));
  }
}
