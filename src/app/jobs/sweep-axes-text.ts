/** A sweep space's axes as a person types them, read into the axes of SweepSpaceSchema: `a=1,2,3;b=4:10:2` in a grid (lists, or min:max:step), `a=3:10;b=x,y` in a random space (min:max bounds, or lists). */
import { AppError } from '../errors.js';

const refuse = (field: string, rule: string): AppError => new AppError('INVALID_INPUT', `${field}: ${rule}`, { issues: [{ field, rule }] });

/** A list element: true/false, a number, or the text itself. */
const value = (s: string): number | boolean | string => (s === 'true' ? true : s === 'false' ? false : s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

/**
 * The axes of `text`, each parameter once; a malformed part is INVALID_INPUT naming `space.axes` (the
 * whole text) or `space.axes.<param>`. The values are checked afterwards by the sweep's own rules.
 */
export function parseAxesText(text: string, kind: 'grid' | 'random'): Record<string, unknown> {
  const axes: Record<string, unknown> = {};
  for (const part of text.split(';').filter((p) => p.trim() !== '')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw refuse('space.axes', `"${part.trim().slice(0, 40)}" must be name=values`);
    const name = part.slice(0, eq).trim();
    const spec = part.slice(eq + 1).trim();
    const field = `space.axes.${name}`;
    if (Object.hasOwn(axes, name)) throw refuse(field, 'is given twice; give each parameter once');
    if (!spec.includes(':')) {
      axes[name] = spec.split(',').map(value);
      continue;
    }
    const nums = spec.split(':').map(Number);
    if (nums.some((n) => !Number.isFinite(n))) throw refuse(field, `a range is min:max${kind === 'grid' ? ':step' : ''} of numbers`);
    if (kind === 'grid') {
      if (nums.length !== 3) throw refuse(field, 'a grid range is min:max:step');
      axes[name] = { min: nums[0], max: nums[1], step: nums[2] };
    } else {
      if (nums.length !== 2) throw refuse(field, 'a random range is min:max');
      axes[name] = { min: nums[0], max: nums[1] };
    }
  }
  if (Object.keys(axes).length === 0) throw refuse('space.axes', 'give at least one parameter, e.g. "momentumTicks=4,6,8"');
  return axes;
}
