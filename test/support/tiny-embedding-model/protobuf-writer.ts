/**
 * Test tool: a minimal Protocol Buffers encoder, enough to write ONNX model files by hand
 * (no python/onnx package is available offline). Only the wire types ONNX needs: varint
 * (0) and length-delimited (2).
 */

const VARINT = 0;
const LENGTH_DELIMITED = 2;

/** Appends fields of one protobuf message; nested messages are other writers. */
export class ProtoWriter {
  readonly #bytes: number[] = [];

  /** Writes a non-negative integer field (int32/int64/enum) as a varint. */
  int(field: number, value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Varint field ${field} must be a non-negative safe integer, got ${value}`);
    this.#key(field, VARINT);
    this.#varint(value);
    return this;
  }

  /** Writes a UTF-8 string field. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** Writes a bytes field. */
  bytes(field: number, value: Uint8Array): this {
    this.#key(field, LENGTH_DELIMITED);
    this.#varint(value.length);
    for (const byte of value) this.#bytes.push(byte);
    return this;
  }

  /** Writes an embedded message field. */
  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  /** The encoded message. */
  finish(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }

  #key(field: number, wireType: number): void {
    this.#varint(field * 8 + wireType);
  }

  #varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.#bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.#bytes.push(rest);
  }
}
