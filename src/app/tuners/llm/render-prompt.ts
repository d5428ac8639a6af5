/** Fills the tuner's versioned prompt templates with a run's context. Every value goes in as JSON inside a marked block; text written by others (rationales) only inside an <untrusted-data> block, escaped so it cannot close it. */
import { PARAM_SPECS, type ParamName } from '../../../core/params/param-spec.js';
import { TUNABLE_FIELDS, type TunableSpec } from '../tunable-fields.js';
import type { TunerContext } from '../tuner.js';
import { MAX_PROPOSALS } from './answer-schema.js';

/** A version of the tuner's prompts (prompts/tuner/vN). */
export interface PromptSet {
  /** e.g. `tuner/v1@1a2b3c4d`: the directory and a hash of the texts, so an edited prompt is a different version in the runs' records. */
  readonly version: string;
  readonly system: string;
  /** The context template, with {{slot}} placeholders. */
  readonly context: string;
}

/**
 * JSON for a prompt: `<`, `>` and `&` are written as \u escapes (the same JSON to a parser), so no value, however
 * it was written, can open or close a block marker like `</untrusted-data>`.
 */
export function promptJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A list as one JSON item per line. */
const jsonLines = (items: readonly unknown[]): string => (items.length === 0 ? '[]' : `[\n${items.map((i) => promptJson(i)).join(',\n')}\n]`);

const tidy = (x: number): number => +x.toPrecision(6);

function fieldLine(name: ParamName, spec: TunableSpec, value: unknown, maxStepFraction: number): string {
  switch (spec.type) {
    case 'bool':
      return `- ${name} (true | false; in force ${String(value)}): ${spec.doc}`;
    case 'enum':
      return `- ${name} (one of ${spec.values.join(' | ')}; in force ${String(value)}): ${spec.doc}`;
    case 'number':
    case 'int': {
      const limit = maxStepFraction * (spec.max - spec.min);
      const step = spec.type === 'int' ? Math.floor(limit + 1e-9) : tidy(limit);
      return `- ${name} (${spec.type === 'int' ? 'whole number' : 'number'}, ${spec.unit}, ${spec.min}..${spec.max}; in force ${String(value)}; move at most ±${step}): ${spec.doc}`;
    }
  }
}

/** The slot values of the context template. */
function slots(ctx: TunerContext): Record<string, string> {
  const e = ctx.evidence;
  const params = ctx.params as Readonly<Record<string, unknown>>;
  const fixed = Object.fromEntries((Object.keys(PARAM_SPECS) as ParamName[]).filter((k) => !TUNABLE_FIELDS.has(k)).map((k) => [k, params[k]]));
  return {
    preset: ctx.preset,
    paramsVersion: ctx.paramsVersion,
    closedTrades: String(ctx.closedTrades),
    lastDate: ctx.lastDate ?? '(no trades)',
    analytics: e === undefined ? '{}' : promptJson({ all: e.all, inForce: e.inForce, bySide: e.bySide, byExitReason: e.byExitReason, byRegime: e.byRegime, byTimeOfDay: e.byTimeOfDay }, 1),
    recentCount: String(e?.recentTrades.length ?? 0),
    recentTrades: jsonLines(e?.recentTrades ?? []),
    proposals: jsonLines(e?.earlierProposals ?? []),
    stepLimit: `${tidy(ctx.maxStepFraction * 100)}%`,
    fields: [...TUNABLE_FIELDS].map(([name, spec]) => fieldLine(name, spec, params[name], ctx.maxStepFraction)).join('\n'),
    fixed: promptJson(fixed, 1),
    maxProposals: String(MAX_PROPOSALS),
  };
}

/** The system prompt and the user message for `ctx`; a template slot the renderer does not know is a bug in the template, so it throws. */
export function renderPrompt(set: PromptSet, ctx: TunerContext): { readonly system: string; readonly user: string } {
  const values = slots(ctx);
  const fill = (template: string, file: string): string =>
    template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => {
      const v = values[k];
      if (v === undefined) throw new Error(`${set.version} ${file}: unknown slot {{${k}}}`);
      return v;
    });
  return { system: fill(set.system, 'system.md'), user: fill(set.context, 'context.md') };
}
