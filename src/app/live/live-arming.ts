/**
 * Requests to arm live trading. Anyone with the API (an agent, the assistant) may ask, with a reason;
 * only the trader completes a request, through REST or `scalper arm-live`, never through a model's tool.
 * This build trades paper only: live trading arrives with the OpenAlgo broker, so an approval is refused
 * as unavailable and the request stays pending until it lapses.
 */
import { AppError } from '../errors.js';
import type { Principal } from '../registry/operation.js';

export const ARMING_TTL_MS = 15 * 60_000;
const KEY = 'live.armingRequests';

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
  constructor(
    private readonly store: ArmingStore,
    private readonly now: () => number,
    /** Whether a live broker exists to arm; false in this build. */
    private readonly liveAvailable: () => boolean = () => false,
  ) {}

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

  /** The trader's decision. Approving needs a live broker, which this build does not have. */
  decide(id: number, by: Principal, approve: boolean, note?: string): ArmingRequest {
    if (by.scope !== 'trader') throw new AppError('FORBIDDEN', `only the trader completes an arming request; this caller has ${by.scope}`);
    const all = this.store.setting<ArmingRequest[]>(KEY) ?? [];
    const i = all.findIndex((r) => r.id === id);
    if (i < 0) throw new AppError('NOT_FOUND', `id: no arming request ${id}`, { issues: [{ field: 'id', rule: `no arming request ${id}` }] });
    const r = this.list().find((x) => x.id === id)!;
    if (r.status !== 'pending') throw new AppError('CONFLICT', `arming request ${id} is ${r.status}`);
    if (approve && !this.liveAvailable()) {
      throw new AppError('UNAVAILABLE', 'live trading is not available in this build: it needs the OpenAlgo broker connection; the request stays pending until it lapses', { hint: 'refuse it, or let it lapse' });
    }
    const decided: ArmingRequest = { ...all[i]!, status: approve ? 'approved' : 'refused', decidedBy: by.name, note: note ?? null };
    this.store.putSetting(KEY, all.map((x, k) => (k === i ? decided : x)), this.now());
    return decided;
  }
}
