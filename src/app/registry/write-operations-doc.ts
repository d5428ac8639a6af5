/** `npm run docs` step: rewrites the operation table of docs/api.md from the registry. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot } from '../../adapters/rate-cards.js';
import { withOperationsTable } from './operations-doc.js';
import { OPERATIONS } from './registry.js';

const path = join(findPackageRoot(), 'docs', 'api.md');
writeFileSync(path, withOperationsTable(readFileSync(path, 'utf8'), OPERATIONS));
