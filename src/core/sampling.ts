/** Sampling options passed to an engine; unset fields use the engine's defaults. */
export interface SamplingOptions {
  temperature?: number;
  topP?: number;
  topK?: number;
  repetitionPenalty?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
}

/** Defaults suited to small Qwen2.5 / Qwen3 instruct models in role-play (non-thinking). */
export const QWEN_SAMPLING_DEFAULTS: Readonly<Required<Pick<SamplingOptions, 'temperature' | 'topP' | 'topK' | 'repetitionPenalty' | 'presencePenalty'>>> = {
  temperature: 0.7,
  topP: 0.8,
  topK: 20,
  repetitionPenalty: 1.05,
  presencePenalty: 0.3,
};
