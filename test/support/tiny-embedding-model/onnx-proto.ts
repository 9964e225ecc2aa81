/**
 * Test tool: builders for the few ONNX protobuf messages a tiny model needs (ModelProto,
 * GraphProto, NodeProto, TensorProto, ValueInfoProto), with the field numbers of onnx.proto.
 */
import { ProtoWriter } from './protobuf-writer.ts';

/** TensorProto.DataType values used here. */
export const OnnxType = { FLOAT: 1, UINT8: 2, INT64: 7 } as const;
export type OnnxType = (typeof OnnxType)[keyof typeof OnnxType];

/** One dimension of a declared shape: a fixed size or a symbolic name like `batch`. */
export type OnnxDim = number | string;

/** A constant tensor stored in the graph (weights, axes, scales). */
export interface OnnxInitializer {
  name: string;
  type: OnnxType;
  dims: number[];
  /** Little-endian raw bytes of the values. */
  raw: Uint8Array;
}

/** A graph input or output with its element type and shape. */
export interface OnnxValue {
  name: string;
  type: OnnxType;
  shape: OnnxDim[];
}

/** One operator node; `ints` are INT attributes (e.g. Cast `to`). */
export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  ints?: Record<string, number>;
}

/** A whole single-graph model. */
export interface OnnxModel {
  opset: number;
  irVersion: number;
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
}

const ATTRIBUTE_INT = 2;

function tensorProto(t: OnnxInitializer): ProtoWriter {
  const w = new ProtoWriter();
  for (const d of t.dims) w.int(1, d);
  return w.int(2, t.type).string(8, t.name).bytes(9, t.raw);
}

function valueInfo(v: OnnxValue): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  const tensorType = new ProtoWriter().int(1, v.type).message(2, shape);
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}

function nodeProto(n: OnnxNode, index: number): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, `${n.op.toLowerCase()}_${index}`).string(4, n.op);
  for (const [name, value] of Object.entries(n.ints ?? {})) {
    w.message(5, new ProtoWriter().string(1, name).int(3, value).int(20, ATTRIBUTE_INT));
  }
  return w;
}

/** Encodes `model` as the bytes of an `.onnx` file. */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const graph = new ProtoWriter();
  model.nodes.forEach((n, i) => graph.message(1, nodeProto(n, i)));
  graph.string(2, 'tiny_embedder');
  for (const t of model.initializers) graph.message(5, tensorProto(t));
  for (const v of model.inputs) graph.message(11, valueInfo(v));
  for (const v of model.outputs) graph.message(12, valueInfo(v));
  return new ProtoWriter()
    .int(1, model.irVersion)
    .string(2, 'egos-tests')
    .message(7, graph)
    .message(8, new ProtoWriter().string(1, '').int(2, model.opset))
    .finish();
}

/** Raw little-endian bytes of float32 values. */
export function floatBytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

/** Raw little-endian bytes of int64 values. */
export function int64Bytes(values: number[]): Uint8Array {
  return new Uint8Array(BigInt64Array.from(values.map((v) => BigInt(v))).buffer);
}
