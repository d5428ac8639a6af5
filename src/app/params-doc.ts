/** Renders the parameter table (defaults, ranges, units, descriptions) and the presets as markdown, from the schema itself. */
import { PARAM_SPECS, type ParamGroup, type ParamName, type ParamSpec } from '../core/params/param-spec.js';
import { PRESET_DATA, PRESET_NAMES, presetParams } from '../core/params/presets.js';
import { paramsVersion } from '../core/params/params-version.js';
import { DEFAULT_PARAMS } from '../core/params/schema.js';

const GROUP_TITLES: Record<ParamGroup, string> = {
  sizing: 'Sizing',
  entry: 'Entry signal',
  filters: 'Entry filters',
  index_bias: 'Index bias',
  regime: 'Regime',
  averaging: 'Averaging',
  exits: 'Exits',
  trailing: 'Trailing stop',
  risk: 'Risk',
  session: 'Session (exchange local time)',
};

function range(spec: ParamSpec): string {
  switch (spec.type) {
    case 'bool':
      return 'true / false';
    case 'enum':
      return spec.values.join(' / ');
    case 'time':
      return 'HH:MM';
    case 'weekdays':
      return 'list of MON .. SUN';
    case 'int':
    case 'number':
      return `${spec.min} .. ${spec.max} ${spec.unit}${spec.type === 'int' ? ' (whole)' : ''}`;
  }
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The markdown of docs/parameters.md. */
export function parametersMarkdown(): string {
  const out: string[] = [
    '# Parameters',
    '',
    'Generated from `src/core/params/param-spec.ts` by `scalper params --markdown`; do not edit by hand (a test checks it is current).',
    '',
    'Every parameter is validated by one zod schema. A value outside its range is an error naming the field and the rule; nothing is silently clamped.',
    'Points are option-premium points (₹ per unit); the kernel converts points and rupees to paise once, when parameters are applied.',
    '',
    '**Cross-field rules:** `tpPoints ≥ slPoints` (and each expiry-day TP ≥ its SL) while `rrGuardEnabled`; `indexRsiBull > indexRsiBear`;',
    '`breakevenTriggerPts ≤ lockTriggerPts < trailTriggerPts < tightTriggerPts`; `lockOffsetPts < lockTriggerPts`;',
    '`regimeRangingThreshold ≤ regimeVolatileThreshold`; `maxLotsPerStrike ≥ entryLots`; not both `profitLockPts` and `profitLockRs`;',
    '`entryStart < entryEnd ≤ flattenAt`.',
    '',
    `Default parameter version: \`${paramsVersion(DEFAULT_PARAMS)}\`. A version id is a hash of the whole set; the seeds' optional rules (added later) are left out of it while they are off, so ids recorded before they existed still name the same set.`,
  ];
  const groups = new Map<ParamGroup, ParamName[]>();
  for (const name of Object.keys(PARAM_SPECS) as ParamName[]) {
    const g = PARAM_SPECS[name].group;
    groups.set(g, [...(groups.get(g) ?? []), name]);
  }
  for (const [group, names] of groups) {
    out.push('', `## ${GROUP_TITLES[group]}`, '', '| name | default | allowed | description |', '|---|---|---|---|');
    for (const name of names) {
      const spec = PARAM_SPECS[name];
      const def = Array.isArray(spec.default) ? JSON.stringify(spec.default) : String(spec.default);
      out.push(`| \`${name}\` | ${def} | ${range(spec)} | ${cell(spec.doc)} |`);
    }
  }
  out.push('', '## Presets', '', 'Each preset is the defaults plus the overrides below (the original AUTO_PRESETS table under these names).', '');
  out.push(`| parameter | ${PRESET_NAMES.join(' | ')} |`, `|---|${PRESET_NAMES.map(() => '---').join('|')}|`);
  const keys = [...new Set(PRESET_NAMES.flatMap((n) => Object.keys(PRESET_DATA[n].overrides)))] as ParamName[];
  for (const key of keys) {
    out.push(`| \`${key}\` | ${PRESET_NAMES.map((n) => String(presetParams(n)[key])).join(' | ')} |`);
  }
  out.push(`| version | ${PRESET_NAMES.map((n) => `\`${paramsVersion(presetParams(n))}\``).join(' | ')} |`, '');
  return out.join('\n');
}
