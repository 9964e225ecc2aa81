/**
 * Test tool: builds a tiny llama-architecture GGUF whose greedy (and, thanks to huge logit
 * margins, any practical sampled) output follows a fixed bigram table over a small vocabulary
 * of whole words and punctuation. It runs through llama.cpp's real inference path (wllama in
 * the browser), so end-to-end tests see genuine tokenization, decoding, sampling, stop strings
 * and streaming, with output that is scripted, readable text.
 *
 * How the weights make a bigram model (1 layer, F32):
 * - Every token belongs to a class = its successor. The token embedding is the one-hot vector
 *   of that class (n_embd ≥ number of classes).
 * - Attention and feed-forward output weights are zero, so both blocks add nothing and the
 *   residual stream at the output is exactly the current token's embedding.
 * - The final RMSNorm scales the one-hot vector to √n_embd; `output.weight` has row `v` equal
 *   to `LOGIT_SCALE` in the columns of the classes whose successor is `v`. So the successor's
 *   logit is `LOGIT_SCALE·√n_embd` (≥ 45) and every other logit is 0: the next token is a fixed
 *   function of the current one, whatever the temperature, top-k/top-p or penalties.
 *
 * Tokenizer: `gpt2` (byte-level BPE) with the `llama-bpe` pre-tokenizer, which looks whole
 * pre-tokenized words up in the vocabulary before merging (so the mandatory merge table can
 * stay empty). Text that is not in the vocabulary is
 * dropped by llama.cpp's byte fallback (no byte tokens exist), so a long prompt costs few
 * tokens. ChatML control tokens and a newline token are included; `<|im_end|>` is
 * end-of-generation.
 */
import { toByteLevel } from './byte-level.ts';
import { writeGguf, type GgufTensor, type GgufValue } from './gguf-writer.ts';

/** End of generation (ChatML end of turn). A sequence may end with it explicitly. */
export const TINY_EOS = '<|im_end|>';
const CONTROL_TOKENS = ['<|endoftext|>', '<|im_start|>', TINY_EOS] as const;

/** Logit of the successor per unit of the normalized one-hot (times √n_embd ≥ 45). */
const LOGIT_SCALE = 8;
const TOKEN_TYPE_NORMAL = 1;
const TOKEN_TYPE_CONTROL = 3;

/** What to build. */
export interface BigramSpec {
  /** `general.name` of the model. */
  name: string;
  /**
   * Token sequences as plain text, each token followed by the next: `[a, b, c]` means "after
   * `a` comes `b`, after `b` comes `c`". A token's successor must be the same in every
   * sequence. Tokens without a successor are followed by end-of-generation.
   */
  sequences: ReadonlyArray<readonly string[]>;
  /** Extra tokens recognised in prompts (their successor is end-of-generation). */
  extraTokens?: readonly string[];
  /** `llama.context_length` (default 4096). */
  contextLength?: number;
}

/** The vocabulary and bigram table of a built model, for tests. */
export interface BigramModel {
  /** Token texts as plain text, by id. */
  tokens: string[];
  /** Successor token id of each token id. */
  next: number[];
  eosId: number;
  nEmbd: number;
  /** The GGUF file. */
  bytes: Uint8Array;
}

function successorTable(spec: BigramSpec): Map<string, string> {
  const next = new Map<string, string>();
  for (const seq of spec.sequences) {
    for (let i = 0; i + 1 < seq.length; i++) {
      const from = seq[i] as string;
      const to = seq[i + 1] as string;
      const known = next.get(from);
      if (known !== undefined && known !== to) {
        throw new Error(`Token ${JSON.stringify(from)} is followed by both ${JSON.stringify(known)} and ${JSON.stringify(to)}`);
      }
      next.set(from, to);
    }
  }
  return next;
}

/** Always in the vocabulary: llama.cpp looks up the newline token at load (and warns without one). */
const NEWLINE = '\n';

function vocabulary(spec: BigramSpec): string[] {
  const words = [...spec.sequences.flat(), ...(spec.extraTokens ?? []), NEWLINE].filter((t) => !(CONTROL_TOKENS as readonly string[]).includes(t));
  for (const t of words) if (t === '') throw new Error('Empty token text');
  return [...CONTROL_TOKENS, ...new Set(words)];
}

function roundUp(n: number, multiple: number): number {
  return Math.ceil(n / multiple) * multiple;
}

function zeros(...dims: number[]): Float32Array {
  return new Float32Array(dims.reduce((a, b) => a * b, 1));
}

function ones(n: number): Float32Array {
  return new Float32Array(n).fill(1);
}

function tensors(tokens: string[], next: number[], nEmbd: number, nFf: number): GgufTensor[] {
  const nVocab = tokens.length;
  const successors = [...new Set(next)];
  const classOf = new Map(successors.map((s, c) => [s, c]));
  const embd = zeros(nEmbd, nVocab);
  next.forEach((s, t) => (embd[t * nEmbd + (classOf.get(s) as number)] = 1));
  const output = zeros(nEmbd, nVocab);
  successors.forEach((s, c) => (output[s * nEmbd + c] = LOGIT_SCALE));
  const square = (name: string): GgufTensor => ({ name, dims: [nEmbd, nEmbd], data: zeros(nEmbd, nEmbd) });
  return [
    { name: 'token_embd.weight', dims: [nEmbd, nVocab], data: embd },
    { name: 'output_norm.weight', dims: [nEmbd], data: ones(nEmbd) },
    { name: 'output.weight', dims: [nEmbd, nVocab], data: output },
    { name: 'blk.0.attn_norm.weight', dims: [nEmbd], data: ones(nEmbd) },
    square('blk.0.attn_q.weight'),
    square('blk.0.attn_k.weight'),
    square('blk.0.attn_v.weight'),
    square('blk.0.attn_output.weight'),
    { name: 'blk.0.ffn_norm.weight', dims: [nEmbd], data: ones(nEmbd) },
    { name: 'blk.0.ffn_gate.weight', dims: [nEmbd, nFf], data: zeros(nEmbd, nFf) },
    { name: 'blk.0.ffn_up.weight', dims: [nEmbd, nFf], data: zeros(nEmbd, nFf) },
    { name: 'blk.0.ffn_down.weight', dims: [nFf, nEmbd], data: zeros(nFf, nEmbd) },
  ];
}

const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/**
 * Builds the tiny bigram model described by `spec`.
 * @throws Error when a token has two different successors or a token text is empty.
 */
export function buildBigramModel(spec: BigramSpec): BigramModel {
  const table = successorTable(spec);
  const tokens = vocabulary(spec);
  const id = new Map(tokens.map((t, i) => [t, i]));
  const eosId = id.get(TINY_EOS) as number;
  const next = tokens.map((t) => {
    const to = table.get(t);
    return to === undefined ? eosId : (id.get(to) as number);
  });
  const classes = new Set(next).size;
  const nHead = 2;
  const nEmbd = Math.max(32, roundUp(classes, 32));
  const nFf = 32;
  const meta: Array<readonly [string, GgufValue]> = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: spec.name }],
    ['general.alignment', { type: 'u32', value: 32 }],
    ['llama.context_length', { type: 'u32', value: spec.contextLength ?? 4096 }],
    ['llama.embedding_length', { type: 'u32', value: nEmbd }],
    ['llama.block_count', { type: 'u32', value: 1 }],
    ['llama.feed_forward_length', { type: 'u32', value: nFf }],
    ['llama.attention.head_count', { type: 'u32', value: nHead }],
    ['llama.attention.head_count_kv', { type: 'u32', value: nHead }],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'f32', value: 1e-5 }],
    ['llama.rope.dimension_count', { type: 'u32', value: nEmbd / nHead }],
    ['llama.vocab_size', { type: 'u32', value: tokens.length }],
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'llama-bpe' }],
    ['tokenizer.ggml.tokens', { type: 'string[]', value: tokens.map((t) => ((CONTROL_TOKENS as readonly string[]).includes(t) ? t : toByteLevel(t))) }],
    [
      'tokenizer.ggml.token_type',
      { type: 'i32[]', value: tokens.map((t) => ((CONTROL_TOKENS as readonly string[]).includes(t) ? TOKEN_TYPE_CONTROL : TOKEN_TYPE_NORMAL)) },
    ],
    ['tokenizer.ggml.merges', { type: 'string[]', value: [] }],
    ['tokenizer.ggml.bos_token_id', { type: 'u32', value: id.get('<|endoftext|>') as number }],
    ['tokenizer.ggml.eos_token_id', { type: 'u32', value: eosId }],
    ['tokenizer.ggml.padding_token_id', { type: 'u32', value: id.get('<|endoftext|>') as number }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: false }],
    ['tokenizer.chat_template', { type: 'string', value: CHATML_TEMPLATE }],
  ];
  const bytes = writeGguf({ metadata: meta, tensors: tensors(tokens, next, nEmbd, nFf) });
  return { tokens, next, eosId, nEmbd, bytes };
}
