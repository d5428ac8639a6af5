/** ISO-8601 date-times from bytes (YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH[:MM]]) to epoch ms, without a regex or a Date. */

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The result of the last successful parse; reused to avoid an allocation per value. */
export interface IsoTime {
  /** Epoch ms when `offsetMin` is a number; otherwise the wall time counted as if UTC (exchange local). */
  ms: number;
  /** The written UTC offset in minutes (Z = 0), or NaN when the text has none. */
  offsetMin: number;
}

function digitsAt(bytes: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = bytes[at + k];
    if (c === undefined || c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** Parses bytes[s, e) into `into`; returns false when it is not such an ISO date-time. */
export function parseIsoAt(bytes: Uint8Array, s: number, e: number, into: IsoTime): boolean {
  if (e - s < 16 || bytes[s + 4] !== 45 || bytes[s + 7] !== 45 || (bytes[s + 10] !== 84 && bytes[s + 10] !== 32) || bytes[s + 13] !== 58) return false;
  const y = digitsAt(bytes, s, 4);
  const mo = digitsAt(bytes, s + 5, 2);
  const d = digitsAt(bytes, s + 8, 2);
  const h = digitsAt(bytes, s + 11, 2);
  const mi = digitsAt(bytes, s + 14, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > (DAYS_IN_MONTH[mo - 1] ?? 0) || h < 0 || h > 23 || mi < 0 || mi > 59) return false;
  if (mo === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return false;
  let i = s + 16;
  let sec = 0;
  let ms = 0;
  if (i < e && bytes[i] === 58) {
    sec = digitsAt(bytes, i + 1, 2);
    if (sec < 0 || sec > 59) return false;
    i += 3;
    if (i < e && (bytes[i] === 46 || bytes[i] === 44)) {
      i++;
      let scale = 100;
      const start = i;
      let c = bytes[i];
      while (i < e && c !== undefined && c >= 48 && c <= 57) {
        ms += (c - 48) * scale;
        scale /= 10;
        c = bytes[++i];
      }
      if (i === start) return false;
      ms = Math.floor(ms);
    }
  }
  let offsetMin = Number.NaN;
  if (i < e) {
    const c = bytes[i];
    if (c === 90 || c === 122) {
      offsetMin = 0;
      i++;
    } else if (c === 43 || c === 45) {
      const oh = digitsAt(bytes, i + 1, 2);
      if (oh < 0 || oh > 14) return false;
      i += 3;
      let om = 0;
      if (i < e) {
        if (bytes[i] === 58) i++;
        om = digitsAt(bytes, i, 2);
        if (om < 0 || om > 59) return false;
        i += 2;
      }
      offsetMin = (c === 45 ? -1 : 1) * (oh * 60 + om);
    }
  }
  if (i !== e) return false;
  const local = daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
  into.offsetMin = offsetMin;
  into.ms = Number.isNaN(offsetMin) ? local : local - offsetMin * 60_000;
  return true;
}
