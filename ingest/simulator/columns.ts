// Growable typed-array columns: a million orders as a few flat arrays instead of a million objects keeps
// generation fast and memory small; GraphQL JSON is materialised per record only when asked for.

type TypedArray = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;
type Ctor<T extends TypedArray> = { new (n: number): T };

export class Column<T extends TypedArray> {
  data: T;
  constructor(private readonly ctor: Ctor<T>, capacity: number, private readonly fill = 0) {
    this.data = new ctor(Math.max(16, capacity));
    if (fill !== 0) this.data.fill(fill as never);
  }
  ensure(size: number): void {
    if (size <= this.data.length) return;
    const next = new this.ctor(Math.max(size, this.data.length * 2));
    if (this.fill !== 0) next.fill(this.fill as never);
    next.set(this.data as never);
    this.data = next;
  }
}

export const f64 = (n: number, fill = 0) => new Column(Float64Array, n, fill);
export const i32 = (n: number, fill = 0) => new Column(Int32Array, n, fill);
export const u16 = (n: number) => new Column(Uint16Array, n);
export const u8 = (n: number) => new Column(Uint8Array, n);
