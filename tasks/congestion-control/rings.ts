// A growable FIFO of records stored column-wise in typed arrays: used for the
// switch queue's chunks and for departed pieces on their way back as ACKs.
// Callers write the columns of a reserved slot directly, so the hot loop
// never allocates (no per-entry objects, no boxed numbers). Pure module.

export class Ring {
  arrival: Int32Array;
  ecn: Uint8Array;
  total: Float64Array;
  rtt: Float64Array;
  qlen: Float64Array;
  tx: Float64Array;
  ts: Float64Array;
  /** amounts[slot * n + flow]: bytes of each flow in the record. */
  amounts: Float64Array;
  head = 0;
  size = 0;
  private mask: number;

  constructor(
    private readonly n: number,
    capacity = 1024,
  ) {
    this.mask = capacity - 1;
    this.arrival = new Int32Array(capacity);
    this.ecn = new Uint8Array(capacity);
    this.total = new Float64Array(capacity);
    this.rtt = new Float64Array(capacity);
    this.qlen = new Float64Array(capacity);
    this.tx = new Float64Array(capacity);
    this.ts = new Float64Array(capacity);
    this.amounts = new Float64Array(capacity * n);
  }

  /** Appends a record and returns its slot; the caller writes every column it uses (amounts: all n). */
  reserve(): number {
    if (this.size > this.mask) this.grow();
    const j = (this.head + this.size) & this.mask;
    this.size++;
    return j;
  }

  /** Gives back the slot of the last reserve(). */
  unreserve(): void {
    this.size--;
  }

  /** Slot of the k-th record from the head. */
  slot(k: number): number {
    return (this.head + k) & this.mask;
  }

  pop(): void {
    this.head = (this.head + 1) & this.mask;
    this.size--;
  }

  private grow(): void {
    const cap = (this.mask + 1) * 2;
    const n = this.n;
    const arrival = new Int32Array(cap);
    const ecn = new Uint8Array(cap);
    const total = new Float64Array(cap);
    const rtt = new Float64Array(cap);
    const qlen = new Float64Array(cap);
    const tx = new Float64Array(cap);
    const ts = new Float64Array(cap);
    const amounts = new Float64Array(cap * n);
    for (let k = 0; k < this.size; k++) {
      const j = (this.head + k) & this.mask;
      arrival[k] = this.arrival[j]!;
      ecn[k] = this.ecn[j]!;
      total[k] = this.total[j]!;
      rtt[k] = this.rtt[j]!;
      qlen[k] = this.qlen[j]!;
      tx[k] = this.tx[j]!;
      ts[k] = this.ts[j]!;
      amounts.set(this.amounts.subarray(j * n, (j + 1) * n), k * n);
    }
    this.arrival = arrival;
    this.ecn = ecn;
    this.total = total;
    this.rtt = rtt;
    this.qlen = qlen;
    this.tx = tx;
    this.ts = ts;
    this.amounts = amounts;
    this.head = 0;
    this.mask = cap - 1;
  }
}
