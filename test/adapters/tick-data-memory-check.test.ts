import { describe, expect, it } from 'vitest';
import { tickDataMemoryCheck } from '../../src/adapters/doctor.js';

const linux = { platform: 'linux' as const, glibc: '2.36', thp: 'madvise' };

describe('doctor: memory for tick data', () => {
  it('ok where the loading commands get huge pages; says what the user chose instead', () => {
    expect(tickDataMemoryCheck({ ...linux, env: {} })).toMatchObject({ verdict: 'ok', detail: expect.stringMatching(/huge pages for malloc \(glibc 2\.36, transparent huge pages: madvise\)/) as unknown });
    expect(tickDataMemoryCheck({ ...linux, env: { SCALPER_MALLOC: 'default' } })).toMatchObject({ verdict: 'ok', detail: expect.stringMatching(/^SCALPER_MALLOC=default/) as unknown });
    expect(tickDataMemoryCheck({ ...linux, env: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' } })).toMatchObject({ verdict: 'ok', detail: 'GLIBC_TUNABLES sets glibc.malloc.arena_max=2: used as given' });
    expect(tickDataMemoryCheck({ ...linux, platform: 'darwin', glibc: undefined, env: {} }).verdict).toBe('ok');
  });

  it('warns where huge pages cannot be had: glibc before 2.35, transparent huge pages off or absent', () => {
    expect(tickDataMemoryCheck({ ...linux, glibc: '2.31', env: {} })).toMatchObject({ verdict: 'warn', detail: expect.stringMatching(/glibc 2\.31: the hugetlb tunable needs glibc 2\.35/) as unknown });
    expect(tickDataMemoryCheck({ ...linux, glibc: undefined, env: {} }).verdict).toBe('warn');
    expect(tickDataMemoryCheck({ ...linux, thp: 'never', env: {} })).toMatchObject({ verdict: 'warn', detail: expect.stringMatching(/off \(never\)/) as unknown });
    expect(tickDataMemoryCheck({ ...linux, thp: undefined, env: {} }).verdict).toBe('warn');
    expect(tickDataMemoryCheck({ ...linux, glibc: '3.0', env: {} }).verdict).toBe('ok');
  });

  it('fails on a SCALPER_MALLOC it cannot use, naming it', () => {
    expect(tickDataMemoryCheck({ ...linux, env: { SCALPER_MALLOC: 'on' } })).toMatchObject({ verdict: 'fail', detail: expect.stringMatching(/^SCALPER_MALLOC: must be "default"/) as unknown });
  });
});
