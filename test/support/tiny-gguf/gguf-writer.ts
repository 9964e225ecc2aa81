/**
 * Test tool: writes GGUF v3 files (llama.cpp's model format) with F32 tensors. Layout:
 * header (magic `GGUF`, version, tensor count, metadata count), metadata key/values, tensor
 * infos (name, dims innermost first, type, offset), padding to `general.alignment`, then the
 * tensor data, each tensor starting at a multiple of the alignment. Little-endian throughout.
 */

/** GGUF value type ids. */
export const GgufType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;

/** ggml tensor type id of 32-bit floats. */
export const GGML_TYPE_F32 = 0;

/** A metadata value with its GGUF type. */
export type GgufValue =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: readonly string[] }
  | { type: 'i32[]'; value: readonly number[] }
  | { type: 'f32[]'; value: readonly number[] };

/** A tensor: `dims` innermost first (ggml `ne`), data row-major with `dims[0]` contiguous. */
export interface GgufTensor {
  name: string;
  dims: readonly number[];
  data: Float32Array;
}

/** What a GGUF file holds. */
export interface GgufContent {
  metadata: ReadonlyArray<readonly [string, GgufValue]>;
  tensors: readonly GgufTensor[];
}

/** The default (and llama.cpp's usual) data alignment. */
export const GGUF_ALIGNMENT = 32;

class ByteSink {
  #chunks: Uint8Array[] = [];
  length = 0;

  bytes(b: Uint8Array): void {
    this.#chunks.push(b);
    this.length += b.length;
  }

  #view(size: number, write: (v: DataView) => void): void {
    const b = new Uint8Array(size);
    write(new DataView(b.buffer));
    this.bytes(b);
  }

  u32(n: number): void {
    this.#view(4, (v) => v.setUint32(0, n, true));
  }

  i32(n: number): void {
    this.#view(4, (v) => v.setInt32(0, n, true));
  }

  f32(n: number): void {
    this.#view(4, (v) => v.setFloat32(0, n, true));
  }

  u64(n: number): void {
    this.#view(8, (v) => v.setBigUint64(0, BigInt(n), true));
  }

  string(s: string): void {
    const b = new TextEncoder().encode(s);
    this.u64(b.length);
    this.bytes(b);
  }

  padTo(alignment: number): void {
    const pad = (alignment - (this.length % alignment)) % alignment;
    if (pad > 0) this.bytes(new Uint8Array(pad));
  }

  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

function writeValue(sink: ByteSink, v: GgufValue): void {
  switch (v.type) {
    case 'u32':
      sink.u32(GgufType.UINT32);
      sink.u32(v.value);
      return;
    case 'i32':
      sink.u32(GgufType.INT32);
      sink.i32(v.value);
      return;
    case 'f32':
      sink.u32(GgufType.FLOAT32);
      sink.f32(v.value);
      return;
    case 'bool':
      sink.u32(GgufType.BOOL);
      sink.bytes(Uint8Array.of(v.value ? 1 : 0));
      return;
    case 'string':
      sink.u32(GgufType.STRING);
      sink.string(v.value);
      return;
    case 'string[]':
      sink.u32(GgufType.ARRAY);
      sink.u32(GgufType.STRING);
      sink.u64(v.value.length);
      v.value.forEach((s) => sink.string(s));
      return;
    case 'i32[]':
      sink.u32(GgufType.ARRAY);
      sink.u32(GgufType.INT32);
      sink.u64(v.value.length);
      v.value.forEach((n) => sink.i32(n));
      return;
    case 'f32[]':
      sink.u32(GgufType.ARRAY);
      sink.u32(GgufType.FLOAT32);
      sink.u64(v.value.length);
      v.value.forEach((n) => sink.f32(n));
      return;
  }
}

function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

/**
 * Serializes metadata and F32 tensors into a GGUF v3 file.
 * @throws Error when a tensor's data length does not match its dims.
 */
export function writeGguf(content: GgufContent): Uint8Array {
  const sink = new ByteSink();
  sink.bytes(new TextEncoder().encode('GGUF'));
  sink.u32(3);
  sink.u64(content.tensors.length);
  sink.u64(content.metadata.length);
  for (const [key, value] of content.metadata) {
    sink.string(key);
    writeValue(sink, value);
  }
  let offset = 0;
  for (const t of content.tensors) {
    const count = t.dims.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`Tensor ${t.name}: dims ${t.dims.join('x')} need ${count} values, got ${t.data.length}`);
    sink.string(t.name);
    sink.u32(t.dims.length);
    t.dims.forEach((d) => sink.u64(d));
    sink.u32(GGML_TYPE_F32);
    sink.u64(offset);
    offset = alignUp(offset + t.data.byteLength, GGUF_ALIGNMENT);
  }
  sink.padTo(GGUF_ALIGNMENT);
  for (const t of content.tensors) {
    sink.bytes(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    sink.padTo(GGUF_ALIGNMENT);
  }
  return sink.concat();
}
