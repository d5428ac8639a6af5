/** Entry locks: a lock on every entry, a side or a symbol refuses entries (and says so once) until its time; exits are never locked. */
import { describe, expect, it } from 'vitest';
import type { KernelEvent, RiskDeniedEvent } from '../../../src/core/model/events.js';
import { lockFor } from '../../../src/core/risk/entry-locks.js';
import { CE, INDEX, at, tick } from '../../fixtures/mini-market.js';
import { feed, session } from './harness.js';

/** Index tick, then a CE up-streak from `base`: enters on a bare-params session unless refused. */
function tryEnter(s: ReturnType<typeof session>, t0: number, base = 10_000): number {
  feed(s, [tick(t0, INDEX, 2_600_000), tick(t0 + 100, CE, base), tick(t0 + 200, CE, base + 5), tick(t0 + 300, CE, base + 10)]);
  return t0 + 300;
}

const denials = (events: readonly KernelEvent[]): string[] => events.filter((e): e is RiskDeniedEvent => e.kind === 'RiskDenied').map((e) => e.reason);

describe('entry locks', () => {
  it.each([
    ['*', true],
    ['CE', true],
    ['NIFTY06JAN2626000CE', true],
    ['PE', false],
    ['NIFTY06JAN2626000PE', false],
  ])('a lock on %s refuses a CE entry: %s', (target, refused) => {
    const s = session();
    s.kernel.setEntryLocks([{ id: 'L1', target, until: at('11:00'), reason: 'news' }]);
    tryEnter(s, at('10:00'));
    expect(s.kernel.status().position === null).toBe(refused);
    expect(denials(s.store.events).includes('locked')).toBe(refused);
  });

  it('entries are free again from the lock’s end, and the refusal is reported once', () => {
    const s = session();
    s.kernel.setEntryLocks([{ id: 'L1', target: '*', until: at('10:05'), reason: 'news' }]);
    tryEnter(s, at('10:00'));
    tryEnter(s, at('10:01'), 10_050);
    expect(s.kernel.status().position).toBeNull();
    expect(denials(s.store.events).filter((r) => r === 'locked')).toHaveLength(1);
    tryEnter(s, at('10:05'), 10_100);
    expect(s.kernel.status().position).not.toBeNull();
  });

  it('a lock never blocks the exit of a held position', () => {
    const s = session({ slPoints: 50, tpPoints: 60, trailingEnabled: false });
    const t = tryEnter(s, at('10:00'));
    expect(s.kernel.status().position).not.toBeNull();
    s.kernel.setEntryLocks([{ id: 'L1', target: '*', until: at('15:00'), reason: 'stop adding' }]);
    feed(s, [tick(t + 1_000, CE, 4_900), tick(t + 2_000, CE, 4_890)]);
    expect(s.kernel.status().position).toBeNull();
    expect(s.store.trades).toHaveLength(1);
  });

  it('removing the locks frees entries at once', () => {
    const s = session();
    s.kernel.setEntryLocks([{ id: 'L1', target: 'CE', until: at('15:00'), reason: 'x' }]);
    tryEnter(s, at('10:00'));
    expect(s.kernel.status().position).toBeNull();
    s.kernel.setEntryLocks([]);
    tryEnter(s, at('10:01'), 10_050);
    expect(s.kernel.status().position).not.toBeNull();
  });

  it('lockFor matches by target and time only', () => {
    const locks = [{ id: 'L1', target: 'PE', until: 100, reason: '' }, { id: 'L2', target: 'X1CE', until: 50, reason: '' }];
    expect(lockFor(locks, 'CE', 'X1CE', 49)?.id).toBe('L2');
    expect(lockFor(locks, 'CE', 'X1CE', 50)).toBeNull();
    expect(lockFor(locks, 'PE', 'X1PE', 99)?.id).toBe('L1');
    expect(lockFor(locks, 'PE', 'X1PE', 100)).toBeNull();
  });
});
