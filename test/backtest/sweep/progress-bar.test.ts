/** The CLI progress bar: redrawn in place on a TTY, a line per 10 % elsewhere. */
import { describe, expect, it } from 'vitest';
import { progressBar } from '../../../src/adapters/sweep/progress-bar.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; out: string[] } {
  const out: string[] = [];
  const stream = { isTTY, write: (s: string) => out.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, out };
}

describe('progressBar', () => {
  it('prints a line at each new 10 % when not a terminal, and 100 % once', () => {
    const { stream, out } = fakeStream(false);
    const report = progressBar(stream, { label: 'sweep' });
    for (let done = 0; done <= 40; done++) report(done, 40);
    report(40, 40);
    expect(out).toEqual([
      'sweep 0% (0/40)\n',
      'sweep 10% (4/40)\n',
      'sweep 20% (8/40)\n',
      'sweep 30% (12/40)\n',
      'sweep 40% (16/40)\n',
      'sweep 50% (20/40)\n',
      'sweep 60% (24/40)\n',
      'sweep 70% (28/40)\n',
      'sweep 80% (32/40)\n',
      'sweep 90% (36/40)\n',
      'sweep 100% (40/40)\n',
    ]);
  });

  it('redraws one line in place on a terminal with elapsed and remaining time, ending with a newline', () => {
    const { stream, out } = fakeStream(true);
    let t = 0;
    const report = progressBar(stream, { now: () => t });
    report(0, 4);
    t = 2000;
    report(1, 4);
    t = 8000;
    report(4, 4);
    expect(out).toEqual([
      '\r[------------------------] 0% 0/4 (0.0 s)\x1b[K',
      '\r[######------------------] 25% 1/4 (2.0 s, ~6.0 s left)\x1b[K',
      '\r[########################] 100% 4/4 (8.0 s)\x1b[K',
      '\n',
    ]);
  });

  it('treats an empty run as complete', () => {
    const { stream, out } = fakeStream(false);
    progressBar(stream)(0, 0);
    expect(out).toEqual(['100% (0/0)\n']);
  });
});
