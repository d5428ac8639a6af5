/**
 * Live arming: the trader's permission for live orders, for a bounded time. Only the trader arms (REST with
 * a trader token, `scalper arm-live arm`, or by approving a request), never a model's tool; anyone may ask
 * (a request with a reason), and anyone may disarm (it only reduces risk). The kill switch disarms. Arming
 * needs a live broker (a daemon on `--feed openalgo`); without one an approval is refused as unavailable.
 */
import { AppError } from '../errors.js';
import type { Principal } from '../registry/operation.js';

export const ARMING_TTL_MS = 15 * 60_000;
/** The longest arming: one NSE session (09:15–15:30). */
export const MAX_ARMED_MINUTES = 375;
const KEY = 'live.armingRequests';
const ARMED_KEY = 'live.armed';

/** Live arming now: who armed it until when, and how the last one ended. */
export interface ArmedState {
  readonly armed: boolean;
  readonly armedBy: string | null;
  readonly armedTs: number | null;
  /** When it lapses, epoch ms (null when not armed). */
  readonly untilTs: number | null;
  readonly note: string | null;
  readonly lastEnd: { readonly ts: number; readonly by: string; readonly reason: string } | null;
}

interface ArmedRecord {
  readonly armedBy: string;
  readonly armedTs: number;
  readonly untilTs: number;
  readonly note: string | null;
  readonly ended: { readonly ts: number; readonly by: string; readonly reason: string } | null;
}

export interface ArmingRequest {
  readonly id: number;
  readonly requestedBy: string;
  readonly scope: string;
  readonly reason: string;
  readonly createdTs: number;
  readonly expiresTs: number;
  readonly status: 'pending' | 'approved' | 'refused' | 'expired';
  readonly decidedBy: string | null;
  readonly note: string | null;
}

/** Where the requests are kept (governance's settings table: they survive restarts). */
export interface ArmingStore {
  setting<T>(key: string): T | undefined;
  putSetting(key: string, value: unknown, ts: number): void;
}

export class LiveArming {
  /**
   * The arming as last read or written (undefined: not read yet). The live loop asks on every turn, so it
   * is kept in memory, not read from SQLite each time; only this object writes it while a daemon runs (the
   * CLI goes through the daemon then).
   */
  private record: ArmedRecord | null | undefined;

  constructor(
    private readonly store: ArmingStore,
    private readonly now: () => number,
    /** Whether a live broker exists to arm (the daemon runs on OpenAlgo's feed). */
    private readonly liveAvailable: () => boolean = () => false,
  ) {}

  /** Whether live arming is in force now. */
  armed(): boolean {
    return this.state().armed;
  }

  private armedRecord(): ArmedRecord | null {
    if (this.record === undefined) this.record = this.store.setting<ArmedRecord>(ARMED_KEY) ?? null;
    return this.record;
  }

  private saveArmed(r: ArmedRecord, now: number): void {
    this.store.putSetting(ARMED_KEY, r, now);
    this.record = r;
  }

  state(): ArmedState {
    const r = this.armedRecord();
    if (r === null) return { armed: false, armedBy: null, armedTs: null, untilTs: null, note: null, lastEnd: null };
    const now = this.now();
    const armed = r.ended === null && now < r.untilTs;
    const lastEnd = r.ended ?? (now >= r.untilTs ? { ts: r.untilTs, by: 'clock', reason: 'expired' } : null);
    return armed ? { armed, armedBy: r.armedBy, armedTs: r.armedTs, untilTs: r.untilTs, note: r.note, lastEnd: null } : { armed, armedBy: null, armedTs: null, untilTs: null, note: null, lastEnd };
  }

  /** The trader arms live for `minutes` (1–375; a new arming replaces one in force). */
  arm(by: Principal, minutes: number, note?: string): ArmedState {
    if (by.scope !== 'trader') throw new AppError('FORBIDDEN', `only the trader arms live trading; this caller has ${by.scope}`);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_ARMED_MINUTES) {
      throw new AppError('INVALID_INPUT', `minutes: must be a whole number from 1 to ${MAX_ARMED_MINUTES} (one session), got ${minutes}`, { issues: [{ field: 'minutes', rule: `whole, 1 to ${MAX_ARMED_MINUTES}` }] });
    }
    if (!this.liveAvailable()) {
      throw new AppError('UNAVAILABLE', 'live trading needs the OpenAlgo broker connection: start the daemon with `scalper serve --feed openalgo`', { hint: 'paper trading needs no arming' });
    }
    const now = this.now();
    this.saveArmed({ armedBy: by.name, armedTs: now, untilTs: now + minutes * 60_000, note: note ?? null, ended: null }, now);
    return this.state();
  }

  /** Ends live arming now (anyone may: it only reduces risk); false when none was in force. */
  disarm(by: string, reason: string): boolean {
    const r = this.armedRecord();
    const now = this.now();
    if (r === null || r.ended !== null || now >= r.untilTs) return false;
    this.saveArmed({ ...r, ended: { ts: now, by, reason } }, now);
    return true;
  }

  /** All requests, newest first, with lapsed ones shown as expired. */
  list(): ArmingRequest[] {
    const now = this.now();
    return (this.store.setting<ArmingRequest[]>(KEY) ?? []).map((r) => (r.status === 'pending' && now >= r.expiresTs ? { ...r, status: 'expired' as const } : r)).reverse();
  }

  request(by: Principal, reason: string): ArmingRequest {
    const all = this.store.setting<ArmingRequest[]>(KEY) ?? [];
    const now = this.now();
    const r: ArmingRequest = { id: (all[all.length - 1]?.id ?? 0) + 1, requestedBy: by.name, scope: by.scope, reason, createdTs: now, expiresTs: now + ARMING_TTL_MS, status: 'pending', decidedBy: null, note: null };
    // Keep the latest 100.
    this.store.putSetting(KEY, [...all, r].slice(-100), now);
    return r;
  }

  /** The trader's decision; approving arms live for `minutes` (default 30) and needs a live broker. */
  decide(id: number, by: Principal, approve: boolean, note?: string, minutes = 30): ArmingRequest {
    if (by.scope !== 'trader') throw new AppError('FORBIDDEN', `only the trader completes an arming request; this caller has ${by.scope}`);
    const all = this.store.setting<ArmingRequest[]>(KEY) ?? [];
    const i = all.findIndex((r) => r.id === id);
    if (i < 0) throw new AppError('NOT_FOUND', `id: no arming request ${id}`, { issues: [{ field: 'id', rule: `no arming request ${id}` }] });
    const r = this.list().find((x) => x.id === id)!;
    if (r.status !== 'pending') throw new AppError('CONFLICT', `arming request ${id} is ${r.status}`);
    if (approve && !this.liveAvailable()) {
      throw new AppError('UNAVAILABLE', 'live trading needs the OpenAlgo broker connection (`scalper serve --feed openalgo`); the request stays pending until it lapses', { hint: 'refuse it, or let it lapse' });
    }
    if (approve) this.arm(by, minutes, note ?? `request #${id}`);
    const decided: ArmingRequest = { ...all[i]!, status: approve ? 'approved' : 'refused', decidedBy: by.name, note: note ?? null };
    this.store.putSetting(KEY, all.map((x, k) => (k === i ? decided : x)), this.now());
    return decided;
  }
}
