import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parametersMarkdown } from '../src/app/params-doc.js';

describe('generated docs', () => {
  it('docs/parameters.md is current (regenerate with `npm run docs`)', () => {
    const onDisk = readFileSync(resolve(import.meta.dirname, '../docs/parameters.md'), 'utf8');
    expect(onDisk).toBe(parametersMarkdown());
  });
});
