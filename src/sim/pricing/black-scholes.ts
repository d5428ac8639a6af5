/** Black–Scholes for European index options without dividends: price, greeks and an implied-volatility solver. */
import type { OptionRight } from '../../core/model/instrument.js';
import { normCdf, normPdf } from './normal-cdf.js';

/** Inputs in any consistent price unit; `years` of time to expiry, `vol` and `rate` annualised (continuous rate). */
export interface BsInput {
  readonly right: OptionRight;
  readonly spot: number;
  readonly strike: number;
  readonly years: number;
  readonly vol: number;
  readonly rate: number;
}

/** Below this σ√T the option is priced at its discounted intrinsic value (expiry, or zero volatility). */
const MIN_STDDEV = 1e-12;

function stdDev(i: BsInput): number {
  return i.years > 0 && i.vol > 0 ? i.vol * Math.sqrt(i.years) : 0;
}

function discount(i: BsInput): number {
  return Math.exp(-i.rate * Math.max(0, i.years));
}

function d1Of(i: BsInput, sd: number): number {
  return (Math.log(i.spot / i.strike) + (i.rate + 0.5 * i.vol * i.vol) * i.years) / sd;
}

/** Option premium. */
export function bsPrice(i: BsInput): number {
  const kd = i.strike * discount(i);
  const sd = stdDev(i);
  if (sd < MIN_STDDEV) return i.right === 'CE' ? Math.max(i.spot - kd, 0) : Math.max(kd - i.spot, 0);
  const d1 = d1Of(i, sd);
  const d2 = d1 - sd;
  return i.right === 'CE' ? i.spot * normCdf(d1) - kd * normCdf(d2) : kd * normCdf(-d2) - i.spot * normCdf(-d1);
}

/** ∂price/∂spot: in [0, 1] for calls, [−1, 0] for puts. */
export function bsDelta(i: BsInput): number {
  const sd = stdDev(i);
  let callDelta: number;
  if (sd < MIN_STDDEV) {
    const kd = i.strike * discount(i);
    callDelta = i.spot > kd ? 1 : i.spot < kd ? 0 : 0.5;
  } else {
    callDelta = normCdf(d1Of(i, sd));
  }
  return i.right === 'CE' ? callDelta : callDelta - 1;
}

/** ∂²price/∂spot², the same for calls and puts. */
export function bsGamma(i: BsInput): number {
  const sd = stdDev(i);
  if (sd < MIN_STDDEV) return 0;
  return normPdf(d1Of(i, sd)) / (i.spot * sd);
}

/** ∂price/∂vol per 1.00 of volatility, the same for calls and puts. */
export function bsVega(i: BsInput): number {
  const sd = stdDev(i);
  if (sd < MIN_STDDEV) return 0;
  return i.spot * normPdf(d1Of(i, sd)) * Math.sqrt(i.years);
}

/** What the implied-volatility solver needs: the option and its observed premium. */
export type IvInput = Omit<BsInput, 'vol'> & { readonly price: number };

const VOL_LOW = 1e-6;
const VOL_HIGH = 10;

/**
 * The volatility at which bsPrice equals `price` (safeguarded Newton inside a bisection bracket),
 * or undefined when the premium is outside the no-arbitrage bounds or no time is left.
 */
export function impliedVol(input: IvInput): number | undefined {
  if (!(input.years > 0) || !(input.price > 0) || !(input.spot > 0) || !(input.strike > 0)) return undefined;
  const kd = input.strike * Math.exp(-input.rate * input.years);
  const lower = input.right === 'CE' ? Math.max(input.spot - kd, 0) : Math.max(kd - input.spot, 0);
  const upper = input.right === 'CE' ? input.spot : kd;
  if (input.price <= lower || input.price >= upper) return undefined;

  const at = (vol: number): BsInput => ({ ...input, vol });
  let lo = VOL_LOW;
  let hi = VOL_HIGH;
  if (bsPrice(at(hi)) < input.price) return undefined;
  const tol = 1e-12 * Math.max(1, input.price);
  // Manaster–Koehler start: the volatility of the inflexion point, where vega is largest.
  let vol = Math.sqrt((2 * Math.abs(Math.log(input.spot / input.strike) + input.rate * input.years)) / input.years);
  if (!(vol > lo && vol < hi)) vol = 0.2;
  for (let iter = 0; iter < 200; iter++) {
    const diff = bsPrice(at(vol)) - input.price;
    if (Math.abs(diff) <= tol) return vol;
    if (diff > 0) hi = vol;
    else lo = vol;
    if (hi - lo <= 1e-15 * hi) return vol;
    const vega = bsVega(at(vol));
    let next = vega > 0 ? vol - diff / vega : Number.NaN;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    vol = next;
  }
  return vol;
}
