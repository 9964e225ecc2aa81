/** A model the WebLLM engine can run, described for the model picker. */
export interface ModelInfo {
  /** Engine model id, e.g. "Qwen2.5-1.5B-Instruct-q4f16_1-MLC". */
  id: string;
  family: string;
  /** Parameter count in billions, e.g. 1.5. */
  billions: number;
  quantization: string;
  /** Needs the WebGPU `shader-f16` feature (q4f16 builds). */
  needsShaderF16: boolean;
  /** GPU memory the engine says it needs, in MB. */
  vramMB: number;
  /** Estimated download size in MB (4-bit weights plus embeddings and overhead). */
  downloadMB: number;
  contextWindow: number;
  /** Marked by the engine as suitable for low-resource devices (phones). */
  lowResource: boolean;
  /** Bytes of the largest storage buffer the model binds, when the engine declares it. */
  bufferSizeRequired?: number;
  /** A self-hosted model the user added (not from the engine's own list). */
  custom?: boolean;
}

/** The raw fields of an engine model record that {@link describeModel} reads. */
export interface ModelRecordLike {
  model_id: string;
  vram_required_MB?: number;
  low_resource_required?: boolean;
  buffer_size_required_bytes?: number;
  required_features?: string[];
  overrides?: { context_window_size?: number };
}

const SIZE_PATTERN = /-(\d+(?:\.\d+)?)B(?:-|$)/i;
const QUANT_PATTERN = /-(q\d+f\d+(?:_\d+)?)/i;

/** True for the Qwen records the app offers: Qwen2.5 / Qwen3 text models in 4-bit builds. */
export function isOfferedQwen(modelId: string): boolean {
  return /^Qwen(2\.5|3)-\d/.test(modelId) && !/(Coder|Math|VL)/i.test(modelId) && /-q4f(16|32)_\d/.test(modelId);
}

/**
 * Describes an engine model record for the picker. Download size is an estimate:
 * about 4.5 bits per parameter for 4-bit weights plus scales.
 */
export function describeModel(record: ModelRecordLike, defaultContextWindow = 4096): ModelInfo {
  const id = record.model_id;
  const billions = Number(SIZE_PATTERN.exec(id)?.[1] ?? 0);
  const quantization = QUANT_PATTERN.exec(id)?.[1] ?? 'unknown';
  return {
    id,
    family: id.startsWith('Qwen3') ? 'Qwen3' : id.startsWith('Qwen2.5') ? 'Qwen2.5' : (id.split('-')[0] ?? id),
    billions,
    quantization,
    needsShaderF16: /f16/.test(quantization) || (record.required_features ?? []).includes('shader-f16'),
    vramMB: record.vram_required_MB ?? 0,
    downloadMB: Math.round((billions * 1e9 * 4.5) / 8 / 1e6),
    contextWindow: record.overrides?.context_window_size ?? defaultContextWindow,
    lowResource: record.low_resource_required ?? false,
    bufferSizeRequired: record.buffer_size_required_bytes,
  };
}
