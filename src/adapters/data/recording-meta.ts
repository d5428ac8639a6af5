/** The `<date>.meta.json` sidecar import writes beside each recording: profile, description and the synthetic label. */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { MarketProfile } from '../../backtest/dataset.js';
import { DataInputError } from './data-input-error.js';

// The binary format has no room for these, and a recording of derived premiums must never pass for recorded ones.
const metaSchema = z.strictObject({
  format: z.literal('scalper-recording-meta'),
  version: z.literal(1),
  source: z.string(),
  description: z.string(),
  synthetic: z.boolean(),
  sourceHash: z.string().regex(/^[0-9a-f]{64}$/),
  profile: z.strictObject({
    currency: z.enum(['INR', 'USD']),
    utcOffsetMin: z.int().min(-720).max(840),
    sessionOpen: z.string().regex(/^\d{2}:\d{2}$/),
    sessionClose: z.string().regex(/^\d{2}:\d{2}$/),
    optionExchange: z.string(),
  }),
});

export type RecordingMeta = z.output<typeof metaSchema> & { readonly profile: MarketProfile };

/** `dir/2021-01-04.ticks` → `dir/2021-01-04.meta.json`. */
export function metaPathOf(recordingPath: string): string {
  return `${recordingPath.replace(/\.ticks$/, '')}.meta.json`;
}

export function encodeMeta(meta: RecordingMeta): string {
  return `${JSON.stringify(metaSchema.parse(meta), null, 2)}\n`;
}

/** The sidecar of a recording, or undefined when there is none; a malformed one is an error naming the file and the field. */
export function readMeta(recordingPath: string): RecordingMeta | undefined {
  const path = metaPathOf(recordingPath);
  if (!existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DataInputError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  const result = metaSchema.safeParse(json);
  if (!result.success) {
    throw new DataInputError(`${path}: ${result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return result.data;
}
