/** CRC-32 (IEEE, as zlib and PNG) of a byte range: Node's native zlib.crc32 when present (Node ≥ 20.15), else a table. */
import * as zlib from 'node:zlib';

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Portable fallback, byte at a time; `crc32` picks the native one when the runtime has it. */
export function crc32Table(data: Uint8Array, value = 0): number {
  let c = ~value;
  for (let i = 0; i < data.length; i++) c = (TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8));
  return ~c >>> 0;
}

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 of `data`, continuing from `value` (the CRC of the bytes before it). */
export const crc32: (data: Uint8Array, value?: number) => number = typeof native === 'function' ? native : crc32Table;
