/** Reading the JSON object out of a model's text: whole, fenced, among prose; cut-off objects refused. */
import { describe, expect, it } from 'vitest';
import { extractJson } from '../../src/app/tuners/llm/extract-json.js';

describe('extractJson', () => {
  it('reads plain JSON without a note', () => {
    expect(extractJson(' {"a":1} \n')).toEqual({ ok: true, value: { a: 1 }, note: null });
  });

  it('reads a fenced block, with or without a language, noting it', () => {
    expect(extractJson('Sure:\n```json\n{"a":[1,2]}\n```\nDone.')).toEqual({ ok: true, value: { a: [1, 2] }, note: 'the answer was in a code fence: read the fenced JSON' });
    expect(extractJson('```\n{"a":2}\n```')).toMatchObject({ ok: true, value: { a: 2 } });
  });

  it('skips braces in prose that are not JSON and reads the first object, counting the prose', () => {
    const out = extractJson('I looked at {the book}. {"a":"x}y"} thanks');
    expect(out).toMatchObject({ ok: true, value: { a: 'x}y' } });
    expect(out.ok && out.note).toMatch(/^the answer had 29 characters of prose around its JSON: read the object at characters 24\.\.35$/);
  });

  it('respects strings and escapes when matching braces', () => {
    expect(extractJson('note: {"a":"\\"{", "b":{"c":"}"}} end')).toMatchObject({ ok: true, value: { a: '"{', b: { c: '}' } } });
  });

  it('refuses a cut-off object, naming where it opened', () => {
    expect(extractJson('Here: {"a":{"b":1}')).toEqual({ ok: false, reason: 'truncated JSON: the object opened at character 6 is never closed (18 characters in all)' });
    expect(extractJson('```json\n{"a":1,')).toEqual({ ok: false, reason: 'truncated JSON: the object opened at character 0 is never closed (7 characters in all) (inside a code fence that is never closed)' });
  });

  it('refuses text without an object, and an empty answer', () => {
    expect(extractJson('I would not change anything.')).toEqual({ ok: false, reason: 'no JSON object in the answer' });
    expect(extractJson('   ')).toEqual({ ok: false, reason: 'the answer is empty' });
  });
});
