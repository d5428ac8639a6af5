/** Zod pieces shared by the calendar data schemas (holidays, contract terms): a calendar-date field and readable issue paths. */
import { z } from 'zod';
import { dateToDayNumber } from './exchange-time.js';

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  try {
    dateToDayNumber(text);
    return true;
  } catch {
    return false;
  }
}

/** A real calendar date written YYYY-MM-DD. */
export const isoDate = z.string().refine(isCalendarDate, { message: 'must be a real date YYYY-MM-DD' });

/** `underlyings[0].contracts.lotSizes[2].firstExpiry` from a zod issue path; `(root)` when empty. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Every issue of a failed parse as `path: rule`, joined with "; ". */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`).join('; ');
}
