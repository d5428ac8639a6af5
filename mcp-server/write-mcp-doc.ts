/** `npm run docs` step: rewrites the tool, resource and prompt tables of docs/mcp.md. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot } from '../src/adapters/rate-cards.js';
import { withMcpTables } from './mcp-doc.js';
import { loadPrompts } from './prompts.js';

const root = findPackageRoot();
const path = join(root, 'docs', 'mcp.md');
writeFileSync(path, withMcpTables(readFileSync(path, 'utf8'), loadPrompts(join(root, 'prompts', 'mcp'))));
