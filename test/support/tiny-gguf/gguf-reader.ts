/**
 * Test tool: parses a GGUF v3 file back (header, metadata, tensor infos, F32 data), so tests
 * can check what {@link writeGguf} wrote against the format rather than against itself.
 */
import { GGML_TYPE_F32, GgufType } from './gguf-writer.ts';

/** A metadata value as read: numbers, booleans, strings, or arrays of them. */
export type GgufReadValue = number | bigint | boolean | string | Array<number | bigint | boolean | string>;

/** A tensor info as read, with its F32 data. */
export interface GgufReadTensor {
  name: string;
  dims: number[];
  type: number;
  /** Offset from the start of the data section. */
  offset: number;
  data: Float32Array;
}

/** A parsed GGUF file. */
export interface GgufFile {
  version: number;
  metadata: Map<string, GgufReadValue>;
  tensors: GgufReadTensor[];
  /** Where the data section starts in the file. */
  dataStart: number;
  alignment: number;
}

class Cursor {
  at = 0;
  readonly #view: DataView;
  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  #take(n: number): number {
    if (this.at + n > this.#bytes.length) throw new Error(`GGUF truncated at byte ${this.at}`);
    const at = this.at;
    this.at += n;
    return at;
  }

  u8(): number {
    return this.#view.getUint8(this.#take(1));
  }
  i8(): number {
    return this.#view.getInt8(this.#take(1));
  }
  u16(): number {
    return this.#view.getUint16(this.#take(2), true);
  }
  i16(): number {
    return this.#view.getInt16(this.#take(2), true);
  }
  u32(): number {
    return this.#view.getUint32(this.#take(4), true);
  }
  i32(): number {
    return this.#view.getInt32(this.#take(4), true);
  }
  f32(): number {
    return this.#view.getFloat32(this.#take(4), true);
  }
  f64(): number {
    return this.#view.getFloat64(this.#take(8), true);
  }
  u64(): bigint {
    return this.#view.getBigUint64(this.#take(8), true);
  }
  i64(): bigint {
    return this.#view.getBigInt64(this.#take(8), true);
  }
  count(): number {
    const n = this.u64();
    if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('GGUF count too large');
    return Number(n);
  }
  string(): string {
    const n = this.count();
    const at = this.#take(n);
    return new TextDecoder('utf-8', { fatal: true }).decode(this.#bytes.subarray(at, at + n));
  }
}

function readScalar(c: Cursor, type: number): number | bigint | boolean | string {
  switch (type) {
    case GgufType.UINT8:
      return c.u8();
    case GgufType.INT8:
      return c.i8();
    case GgufType.UINT16:
      return c.u16();
    case GgufType.INT16:
      return c.i16();
    case GgufType.UINT32:
      return c.u32();
    case GgufType.INT32:
      return c.i32();
    case GgufType.FLOAT32:
      return c.f32();
    case GgufType.BOOL:
      return c.u8() !== 0;
    case GgufType.STRING:
      return c.string();
    case GgufType.UINT64:
      return c.u64();
    case GgufType.INT64:
      return c.i64();
    case GgufType.FLOAT64:
      return c.f64();
    default:
      throw new Error(`Unknown GGUF value type ${type}`);
  }
}

function readValue(c: Cursor, type: number): GgufReadValue {
  if (type !== GgufType.ARRAY) return readScalar(c, type);
  const itemType = c.u32();
  const n = c.count();
  return Array.from({ length: n }, () => readScalar(c, itemType));
}

/**
 * Parses a GGUF v3 file with F32 tensors.
 * @throws Error on a wrong magic, version, misaligned offsets, a non-F32 tensor or truncation.
 */
export function readGguf(bytes: Uint8Array): GgufFile {
  const c = new Cursor(bytes);
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  c.at = 4;
  if (magic !== 'GGUF') throw new Error(`Not a GGUF file (magic ${JSON.stringify(magic)})`);
  const version = c.u32();
  if (version !== 3) throw new Error(`Unsupported GGUF version ${version}`);
  const tensorCount = c.count();
  const kvCount = c.count();
  const metadata = new Map<string, GgufReadValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = c.string();
    metadata.set(key, readValue(c, c.u32()));
  }
  const alignment = Number(metadata.get('general.alignment') ?? 32);
  const infos: Array<Omit<GgufReadTensor, 'data'>> = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = c.string();
    const nDims = c.u32();
    const dims = Array.from({ length: nDims }, () => Number(c.u64()));
    const type = c.u32();
    const offset = Number(c.u64());
    if (offset % alignment !== 0) throw new Error(`Tensor ${name} offset ${offset} is not aligned to ${alignment}`);
    infos.push({ name, dims, type, offset });
  }
  const dataStart = Math.ceil(c.at / alignment) * alignment;
  const tensors = infos.map((info) => {
    if (info.type !== GGML_TYPE_F32) throw new Error(`Tensor ${info.name} has type ${info.type}; only F32 is read`);
    const count = info.dims.reduce((a, b) => a * b, 1);
    const start = dataStart + info.offset;
    if (start + count * 4 > bytes.length) throw new Error(`Tensor ${info.name} runs past the end of the file`);
    const copy = bytes.slice(start, start + count * 4);
    return { ...info, data: new Float32Array(copy.buffer) };
  });
  return { version, metadata, tensors, dataStart, alignment };
}
