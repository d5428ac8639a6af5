/** Interns the symbol field of each row to a small integer: a hash of the raw bytes finds the id, so no string is built per row. */

export class SymbolTable {
  /** Symbol names by id: trimmed, upper-cased. */
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Distinct raw byte spellings seen (`spy` and `SPY ` map to one id), with their id. */
  private readonly raws: Uint8Array[] = [];
  private readonly rawIds: number[] = [];
  /** Open-addressing table of raw spellings: slot → index into `raws`, or -1. */
  private slots = new Int32Array(64).fill(-1);

  /** Id of the symbol in bytes[s, e); -1 when it is empty. */
  idAt(bytes: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let k = s; k < e; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const r = this.slots[slot]!;
      if (r < 0) break;
      const raw = this.raws[r]!;
      if (raw.length === e - s) {
        let k = 0;
        while (k < raw.length && raw[k] === bytes[s + k]) k++;
        if (k === raw.length) return this.rawIds[r]!;
      }
      slot = (slot + 1) & mask;
    }
    return this.add(bytes, s, e, slot);
  }

  private add(bytes: Uint8Array, s: number, e: number, slot: number): number {
    const name = Buffer.from(bytes.buffer, bytes.byteOffset + s, e - s).toString('utf8').trim().toUpperCase();
    if (name === '') return -1;
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    this.slots[slot] = this.raws.length;
    // A copy: the bytes may be a block of the file that the next read overwrites (and a Buffer's slice is a view).
    this.raws.push(Uint8Array.prototype.slice.call(bytes, s, e));
    this.rawIds.push(id);
    if (this.raws.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 4).fill(-1);
    const mask = this.slots.length - 1;
    this.raws.forEach((raw, r) => {
      let h = 0x811c9dc5;
      for (const byte of raw) h = Math.imul(h ^ byte, 0x01000193);
      let slot = h & mask;
      while (this.slots[slot]! >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = r;
    });
  }
}
