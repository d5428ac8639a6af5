import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** Lints `code` as if it were a file at `path` in the project, with the project's own config. */
async function lint(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: root,
    // The probe is not a file on disk, so type-aware rules are off; the purity and layer rules need no types.
    overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
    ruleFilter: ({ ruleId }) => !ruleId.startsWith('@typescript-eslint/'),
  });
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('src/core purity is enforced by lint', () => {
  it.each([
    ['Date.now()', 'export const t = Date.now();'],
    ['new Date()', 'export const t = new Date(0);'],
    ['Math.random', 'export const r = Math.random();'],
    ['process', 'export const e = process.env.HOME;'],
    ['setTimeout', 'setTimeout(() => undefined, 1);'],
    ['console', 'console.log("x");'],
    ['node: import', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;"],
    ['an adapter import', "import { loadRateCards } from '../adapters/rate-cards.js';\nexport const f = loadRateCards;"],
    ['await', 'export async function f(p: Promise<number>): Promise<number> { return await p; }'],
  ])('refuses %s in src/core', async (_, code) => {
    const messages = await lint('src/core/probe.ts', code);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n')).toMatch(/no-restricted|no-console/);
  });

  it('accepts pure code in src/core', async () => {
    expect(await lint('src/core/probe.ts', 'export const add = (a: number, b: number): number => a + b;\n')).toEqual([]);
  });

  it('allows the clock in an adapter', async () => {
    expect(await lint('src/adapters/probe.ts', 'export const now = (): number => Date.now();\n')).toEqual([]);
  });
});
