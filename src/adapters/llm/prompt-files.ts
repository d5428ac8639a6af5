/** Reads a version of the tuner's prompts from prompts/tuner/vN (system.md, context.md); the newest version unless one is named. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PromptSet } from '../../app/tuners/llm/render-prompt.js';
import { findPackageRoot } from '../rate-cards.js';

/** prompts/tuner under the package root. */
export const tunerPromptsDir = (): string => join(findPackageRoot(), 'prompts', 'tuner');

/** The prompt set of `version` (e.g. `v1`), or of the newest vN directory; its version names the directory and a hash of the texts. */
export function loadTunerPrompts(dir = tunerPromptsDir(), version?: string): PromptSet {
  const versions = readdirSync(dir)
    .filter((d) => /^v\d+$/.test(d))
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const chosen = version ?? versions.at(-1);
  if (chosen === undefined || !versions.includes(chosen)) throw new Error(`${dir}: no prompt version ${version ?? 'v1, v2, …'} (found ${versions.join(', ') || 'none'})`);
  const system = readFileSync(join(dir, chosen, 'system.md'), 'utf8');
  const context = readFileSync(join(dir, chosen, 'context.md'), 'utf8');
  const hash = createHash('sha256').update(system).update('\0').update(context).digest('hex').slice(0, 8);
  return { version: `tuner/${chosen}@${hash}`, system, context };
}
