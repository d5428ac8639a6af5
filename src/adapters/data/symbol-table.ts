/** Interns the symbol field of each row to a small integer: a hash of the raw bytes finds the id, so no string is built per row. */

/**
 * The bytes [s, e) packed little-endian four to a word into `into` (the last word holds the 0–3 bytes
 * left, zero-padded); returns the number of words. Hashing and comparing words, not bytes, halved the
 * symbol's share of a CSV row's cost.
 */
function packWords(bytes: Uint8Array, s: number, e: number, into: Int32Array): number {
  let k = s;
  let j = 0;
  for (; k + 4 <= e; k += 4) into[j++] = bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16) | (bytes[k + 3]! << 24);
  let w = 0;
  for (let shift = 0; k < e; k++, shift += 8) w |= bytes[k]! << shift;
  into[j++] = w;
  return j;
}

/** Hash of `count` packed words of a `length`-byte spelling; the shift mixes high bits into the low ones the table uses. */
function hashWords(words: Int32Array, count: number, length: number): number {
  let h = 0x811c9dc5 ^ length;
  for (let j = 0; j < count; j++) {
    h = Math.imul(h ^ words[j]!, 0x9e3779b1);
    h ^= h >>> 15;
  }
  return h;
}

export class SymbolTable {
  /** Symbol names by id: trimmed, upper-cased. */
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Distinct raw byte spellings seen (`spy` and `SPY ` map to one id): their length, packed words and id. */
  private readonly rawLengths: number[] = [];
  private readonly rawWords: Int32Array[] = [];
  private readonly rawIds: number[] = [];
  /** Open-addressing table of raw spellings: slot → index into the raw lists, or -1. */
  private slots = new Int32Array(64).fill(-1);
  /** The current field's packed words. */
  private words = new Int32Array(16);

  /** Id of the symbol in bytes[s, e); -1 when it is empty. */
  idAt(bytes: Uint8Array, s: number, e: number): number {
    const length = e - s;
    if ((length >> 2) >= this.words.length) this.words = new Int32Array((length >> 2) + 16);
    const words = this.words;
    const count = packWords(bytes, s, e, words);
    const mask = this.slots.length - 1;
    let slot = hashWords(words, count, length) & mask;
    for (;;) {
      const r = this.slots[slot]!;
      if (r < 0) break;
      if (this.rawLengths[r] === length) {
        const raw = this.rawWords[r]!;
        let j = 0;
        while (j < count && raw[j] === words[j]) j++;
        if (j === count) return this.rawIds[r]!;
      }
      slot = (slot + 1) & mask;
    }
    return this.add(bytes, s, e, slot, count);
  }

  private add(bytes: Uint8Array, s: number, e: number, slot: number, count: number): number {
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + s, e - s).toString('utf8').trim().toUpperCase();
    if (name === '') return -1;
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    this.slots[slot] = this.rawIds.length;
    this.rawLengths.push(e - s);
    this.rawWords.push(this.words.slice(0, count));
    this.rawIds.push(id);
    if (this.rawIds.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 4).fill(-1);
    const mask = this.slots.length - 1;
    this.rawWords.forEach((raw, r) => {
      let slot = hashWords(raw, raw.length, this.rawLengths[r]!) & mask;
      while (this.slots[slot]! >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = r;
    });
  }
}
