/**
 * Test tool: the ONNX graph of the tiny embedding model, in the layout transformers.js expects
 * of a BERT encoder export: inputs `input_ids`, `attention_mask`, `token_type_ids` (int64
 * [batch, seq]) and output `last_hidden_state` (float [batch, seq, dim]).
 *
 * hidden = (word_embeddings[input_ids] + token_type_embeddings[token_type_ids]) * attention_mask
 *
 * The quantized variant stores the word table as uint8 and dequantizes it in the graph
 * (DequantizeLinear), as dynamically quantized exports of real models do for Gather weights.
 */
import { encodeOnnxModel, floatBytes, int64Bytes, OnnxType, type OnnxInitializer, type OnnxNode, type OnnxValue } from './onnx-proto.ts';

const SCALE = 1 / 127;
const ZERO_POINT = 128;

/** Quantizes values in [-1, 1] to uint8 with {@link SCALE} and {@link ZERO_POINT}. */
function quantize(values: number[]): Uint8Array {
  return Uint8Array.from(values.map((v) => Math.min(255, Math.max(0, Math.round(v / SCALE) + ZERO_POINT))));
}

function ioValues(dimensions: number): { inputs: OnnxValue[]; outputs: OnnxValue[] } {
  const ids = (name: string): OnnxValue => ({ name, type: OnnxType.INT64, shape: ['batch_size', 'sequence_length'] });
  return {
    inputs: [ids('input_ids'), ids('attention_mask'), ids('token_type_ids')],
    outputs: [{ name: 'last_hidden_state', type: OnnxType.FLOAT, shape: ['batch_size', 'sequence_length', dimensions] }],
  };
}

const ENCODER_NODES: OnnxNode[] = [
  { op: 'Gather', inputs: ['word_embeddings', 'input_ids'], outputs: ['word_vectors'], ints: { axis: 0 } },
  { op: 'Gather', inputs: ['token_type_embeddings', 'token_type_ids'], outputs: ['type_vectors'], ints: { axis: 0 } },
  { op: 'Add', inputs: ['word_vectors', 'type_vectors'], outputs: ['summed'] },
  { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask_float'], ints: { to: OnnxType.FLOAT } },
  { op: 'Unsqueeze', inputs: ['mask_float', 'mask_axes'], outputs: ['mask_3d'] },
  { op: 'Mul', inputs: ['summed', 'mask_3d'], outputs: ['last_hidden_state'] },
];

function sharedInitializers(dimensions: number): OnnxInitializer[] {
  const typeRows = [...new Array<number>(dimensions).fill(0), ...new Array<number>(dimensions).fill(0.01)];
  return [
    { name: 'token_type_embeddings', type: OnnxType.FLOAT, dims: [2, dimensions], raw: floatBytes(typeRows) },
    { name: 'mask_axes', type: OnnxType.INT64, dims: [1], raw: int64Bytes([-1]) },
  ];
}

/**
 * Encodes the tiny encoder for an embedding table (`rows[i]` is token i's vector).
 * `quantized` stores the table as uint8 plus scale/zero point (`model_quantized.onnx`, dtype q8);
 * otherwise as float32 (`model.onnx`, dtype fp32).
 */
export function tinyEncoderOnnx(rows: number[][], quantized: boolean): Uint8Array {
  const dimensions = rows[0]?.length ?? 0;
  const flat = rows.flat();
  const dims = [rows.length, dimensions];
  const table: OnnxInitializer[] = quantized
    ? [
        { name: 'word_embeddings_quantized', type: OnnxType.UINT8, dims, raw: quantize(flat) },
        { name: 'word_embeddings_scale', type: OnnxType.FLOAT, dims: [], raw: floatBytes([SCALE]) },
        { name: 'word_embeddings_zero_point', type: OnnxType.UINT8, dims: [], raw: Uint8Array.of(ZERO_POINT) },
      ]
    : [{ name: 'word_embeddings', type: OnnxType.FLOAT, dims, raw: floatBytes(flat) }];
  const dequantize: OnnxNode[] = quantized
    ? [{ op: 'DequantizeLinear', inputs: ['word_embeddings_quantized', 'word_embeddings_scale', 'word_embeddings_zero_point'], outputs: ['word_embeddings'] }]
    : [];
  return encodeOnnxModel({
    irVersion: 7,
    opset: 13,
    nodes: [...dequantize, ...ENCODER_NODES],
    initializers: [...table, ...sharedInitializers(dimensions)],
    ...ioValues(dimensions),
  });
}
