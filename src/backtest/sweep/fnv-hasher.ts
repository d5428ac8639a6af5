/** Incremental FNV-1a 64 over UTF-16 code units in plain numbers (16-bit limbs): the same digest as fnv1a64, without BigInt. */

/** Feed text with `update`, read the 16 hex digits with `digest`; `update(a).update(b)` equals `update(a + b)`. */
export class Fnv1a64 {
  // The 64-bit state as four 16-bit limbs, least significant first (offset basis 0xcbf29ce484222325).
  private h0 = 0x2325;
  private h1 = 0x8422;
  private h2 = 0x9ce4;
  private h3 = 0xcbf2;

  update(text: string): this {
    let h0 = this.h0;
    let h1 = this.h1;
    let h2 = this.h2;
    let h3 = this.h3;
    for (let i = 0; i < text.length; i++) {
      h0 ^= text.charCodeAt(i);
      // × 0x100000001b3 (mod 2^64) = × 0x1b3 plus the low limbs shifted up by 40 bits (limb 2, × 0x100).
      const t0 = h0 * 0x1b3;
      const t1 = h1 * 0x1b3 + (t0 >>> 16);
      const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16);
      const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16);
      h0 = t0 & 0xffff;
      h1 = t1 & 0xffff;
      h2 = t2 & 0xffff;
      h3 = t3 & 0xffff;
    }
    this.h0 = h0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    return this;
  }

  digest(): string {
    return [this.h3, this.h2, this.h1, this.h0].map((h) => h.toString(16).padStart(4, '0')).join('');
  }
}
