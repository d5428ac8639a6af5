import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withMcpTables } from '../mcp-server/mcp-doc.js';
import { loadPrompts } from '../mcp-server/prompts.js';
import { RESOURCES } from '../mcp-server/resources.js';
import { TOOLS } from '../mcp-server/tool-table.js';
import { parametersMarkdown } from '../src/app/params-doc.js';
import { withOperationsTable } from '../src/app/registry/operations-doc.js';
import { OPERATIONS } from '../src/app/registry/registry.js';

const doc = (name: string): string => readFileSync(resolve(import.meta.dirname, '../docs', name), 'utf8');

describe('generated docs', () => {
  it('docs/parameters.md is current (regenerate with `npm run docs`)', () => {
    const onDisk = readFileSync(resolve(import.meta.dirname, '../docs/parameters.md'), 'utf8');
    expect(onDisk).toBe(parametersMarkdown());
  });

  it('docs/api.md lists every operation of the registry (regenerate with `npm run docs`)', () => {
    const onDisk = readFileSync(resolve(import.meta.dirname, '../docs/api.md'), 'utf8');
    expect(onDisk).toBe(withOperationsTable(onDisk, OPERATIONS));
  });

  it('docs/mcp.md has the current tool, resource and prompt tables (regenerate with `npm run docs`)', () => {
    const prompts = loadPrompts(resolve(import.meta.dirname, '../prompts/mcp'));
    const onDisk = doc('mcp.md');
    expect(onDisk).toBe(withMcpTables(onDisk, prompts));
    // Not an empty table regenerated as empty: a row per tool, resource and prompt.
    for (const t of TOOLS) expect(onDisk).toContain(`| \`${t.tool}\` | \`${t.op}\` |`);
    for (const r of RESOURCES) expect(onDisk).toContain(`| \`${r.uri}\` |`);
    for (const p of prompts) expect(onDisk).toContain(`| \`${p.name}\` |`);
  });

  it('a stale mcp.md table is caught, and missing markers are an error naming the file', () => {
    const prompts = loadPrompts(resolve(import.meta.dirname, '../prompts/mcp'));
    const onDisk = doc('mcp.md');
    const stale = onDisk.replace('| `get_status` | `engine.status` |', '| `get_status` | `engine.health` |');
    expect(stale).not.toBe(onDisk);
    expect(withMcpTables(stale, prompts)).toBe(onDisk);
    expect(() => withMcpTables(onDisk.replace(/<!-- mcp-prompts:end -->/, ''), prompts)).toThrow(/docs\/mcp\.md: the markers/);
  });
});
