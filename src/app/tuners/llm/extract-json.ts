/** Finds the JSON object in a model's text answer: the whole text, a fenced code block, or the first complete object among prose; a cut-off object is refused, never repaired. */

export type Extracted = { readonly ok: true; readonly value: unknown; readonly note: string | null } | { readonly ok: false; readonly reason: string };

const FENCE = /```[A-Za-z0-9_-]*[ \t]*\r?\n?([\s\S]*?)```/g;

function parse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Index just past the `}` closing the object that opens at `start`, or -1 when the text ends first (strings and escapes respected). */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The first JSON object in `text`, scanning from each `{` in turn; an object never closed holds everything after it, so nothing inside it is read. */
function objectInProse(text: string): Extracted {
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    const end = closingBrace(text, start);
    if (end < 0) return { ok: false, reason: `truncated JSON: the object opened at character ${start} is never closed (${text.length} characters in all)` };
    const p = parse(text.slice(start, end));
    if (p.ok && typeof p.value === 'object' && p.value !== null && !Array.isArray(p.value)) {
      const around = text.slice(0, start).trim().length + text.slice(end).trim().length;
      return { ok: true, value: p.value, note: around > 0 ? `the answer had ${around} characters of prose around its JSON: read the object at characters ${start}..${end}` : null };
    }
  }
  return { ok: false, reason: text.trim() === '' ? 'the answer is empty' : 'no JSON object in the answer' };
}

/** The answer's JSON object, with a note when it had to be dug out of fences or prose; a reason when there is none. */
export function extractJson(raw: string): Extracted {
  const text = raw.replace(/^\uFEFF/, '').trim();
  const whole = parse(text);
  if (whole.ok) return { ok: true, value: whole.value, note: null };
  for (const m of text.matchAll(FENCE)) {
    const inner = parse(m[1]!.trim());
    if (inner.ok) return { ok: true, value: inner.value, note: 'the answer was in a code fence: read the fenced JSON' };
  }
  // An opened fence the text never closes: the answer was cut off inside it.
  const open = /```[A-Za-z0-9_-]*[ \t]*\r?\n/.exec(text);
  if (open !== null && !text.slice(open.index + open[0].length).includes('```')) {
    const inFence = objectInProse(text.slice(open.index + open[0].length));
    if (inFence.ok) return { ok: true, value: inFence.value, note: 'the answer’s code fence is never closed: read the object inside it' };
    return { ok: false, reason: `${inFence.reason} (inside a code fence that is never closed)` };
  }
  return objectInProse(text);
}
