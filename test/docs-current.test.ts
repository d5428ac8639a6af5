import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parametersMarkdown } from '../src/app/params-doc.js';
import { withOperationsTable } from '../src/app/registry/operations-doc.js';
import { OPERATIONS } from '../src/app/registry/registry.js';

describe('generated docs', () => {
  it('docs/parameters.md is current (regenerate with `npm run docs`)', () => {
    const onDisk = readFileSync(resolve(import.meta.dirname, '../docs/parameters.md'), 'utf8');
    expect(onDisk).toBe(parametersMarkdown());
  });

  it('docs/api.md lists every operation of the registry (regenerate with `npm run docs`)', () => {
    const onDisk = readFileSync(resolve(import.meta.dirname, '../docs/api.md'), 'utf8');
    expect(onDisk).toBe(withOperationsTable(onDisk, OPERATIONS));
  });
});
