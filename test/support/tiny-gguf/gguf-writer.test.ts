import { describe, expect, it } from 'vitest';
import { fromByteLevel, toByteLevel } from './byte-level.ts';
import { readGguf } from './gguf-reader.ts';
import { GGUF_ALIGNMENT, writeGguf } from './gguf-writer.ts';

describe('writeGguf', () => {
  const bytes = writeGguf({
    metadata: [
      ['general.architecture', { type: 'string', value: 'llama' }],
      ['n', { type: 'u32', value: 7 }],
      ['i', { type: 'i32', value: -3 }],
      ['eps', { type: 'f32', value: 0.5 }],
      ['flag', { type: 'bool', value: false }],
      ['names', { type: 'string[]', value: ['a', 'Ġb', '<|x|>'] }],
      ['ids', { type: 'i32[]', value: [1, -2] }],
      ['scores', { type: 'f32[]', value: [0.25] }],
    ],
    tensors: [
      { name: 'a', dims: [3], data: Float32Array.of(1, 2, 3) },
      { name: 'b', dims: [2, 2], data: Float32Array.of(4, 5, 6, 7) },
    ],
  });

  it('writes the GGUF v3 header: magic, version, tensor and metadata counts', () => {
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('GGUF');
    expect(view.getUint32(4, true)).toBe(3);
    expect(view.getBigUint64(8, true)).toBe(2n);
    expect(view.getBigUint64(16, true)).toBe(8n);
  });

  it('round-trips metadata and tensors through an independent reader', () => {
    const file = readGguf(bytes);
    expect(Object.fromEntries(file.metadata)).toEqual({
      'general.architecture': 'llama',
      n: 7,
      i: -3,
      eps: 0.5,
      flag: false,
      names: ['a', 'Ġb', '<|x|>'],
      ids: [1, -2],
      scores: [0.25],
    });
    expect(file.tensors.map((t) => [t.name, t.dims, t.offset, [...t.data]])).toEqual([
      ['a', [3], 0, [1, 2, 3]],
      ['b', [2, 2], 32, [4, 5, 6, 7]],
    ]);
  });

  it('aligns the data section and every tensor to 32 bytes', () => {
    const file = readGguf(bytes);
    expect(file.dataStart % GGUF_ALIGNMENT).toBe(0);
    expect(bytes.length % GGUF_ALIGNMENT).toBe(0);
    expect(bytes.length).toBe(file.dataStart + 64);
  });

  it('refuses a tensor whose data does not match its dims', () => {
    expect(() => writeGguf({ metadata: [], tensors: [{ name: 'x', dims: [2, 2], data: new Float32Array(3) }] })).toThrow(/need 4 values, got 3/);
  });

  it('is refused by the reader when truncated or not GGUF', () => {
    expect(() => readGguf(bytes.subarray(0, bytes.length - 40))).toThrow(/past the end/);
    expect(() => readGguf(new TextEncoder().encode('<html>nope</html>'))).toThrow(/Not a GGUF file/);
  });
});

describe('byte-level alphabet', () => {
  it('maps spaces, newlines and UTF-8 to printable characters and back', () => {
    expect(toByteLevel(' Hello\n')).toBe('ĠHelloĊ');
    expect(toByteLevel('"')).toBe('"');
    expect(fromByteLevel(toByteLevel(' café 「你好」\t'))).toBe(' café 「你好」\t');
    expect(() => fromByteLevel('€')).toThrow(/not in the byte-level alphabet/);
  });
});
