import { describe, expect, it } from 'vitest';
import { buildBigramModel, TINY_EOS, type BigramModel } from './bigram-model.ts';
import { fromByteLevel } from './byte-level.ts';
import { readGguf, type GgufFile } from './gguf-reader.ts';
import { buildTinyStoryModel, TINY_RAW_ROUND, TINY_REPLY } from './story-model.ts';

function tensor(file: GgufFile, name: string) {
  const t = file.tensors.find((x) => x.name === name);
  if (!t) throw new Error(`missing ${name}`);
  return t;
}

/**
 * The llama forward pass of this model for one token, computed from the file: with zero
 * attention and feed-forward outputs the residual is the embedding; then RMSNorm and output.
 * Checks that those blocks really are zero, so nothing else can reach the logits.
 */
function logitsAfter(file: GgufFile, token: number): number[] {
  for (const name of ['blk.0.attn_output.weight', 'blk.0.ffn_down.weight']) {
    expect(tensor(file, name).data.every((v) => v === 0)).toBe(true);
  }
  const embd = tensor(file, 'token_embd.weight');
  const [nEmbd = 0, nVocab = 0] = embd.dims;
  const x = embd.data.subarray(token * nEmbd, (token + 1) * nEmbd);
  const eps = Number(file.metadata.get('llama.attention.layer_norm_rms_epsilon'));
  const rms = Math.sqrt(x.reduce((a, v) => a + v * v, 0) / nEmbd + eps);
  const g = tensor(file, 'output_norm.weight').data;
  const out = tensor(file, 'output.weight').data;
  return Array.from({ length: nVocab }, (_, v) => {
    let sum = 0;
    for (let i = 0; i < nEmbd; i++) sum += (out[v * nEmbd + i] as number) * ((x[i] as number) / rms) * (g[i] as number);
    return sum;
  });
}

function greedy(file: GgufFile, model: BigramModel, start: string, steps: number): string {
  let token = model.tokens.indexOf(start);
  let text = '';
  for (let i = 0; i < steps && token !== model.eosId; i++) {
    const logits = logitsAfter(file, token);
    token = logits.indexOf(Math.max(...logits));
    if (token !== model.eosId) text += model.tokens[token];
  }
  return text;
}

describe('buildBigramModel', () => {
  const model = buildBigramModel({
    name: 'tiny-test',
    sequences: [
      [' "', 'Hi', ' you', '."'],
      ['\nMe:', ' "'],
    ],
    extraTokens: ['Echo'],
  });
  const file = readGguf(model.bytes);

  it('writes llama metadata and a gpt2 / llama-bpe tokenizer llama.cpp accepts', () => {
    const meta = Object.fromEntries(file.metadata);
    expect(meta).toMatchObject({
      'general.architecture': 'llama',
      'general.name': 'tiny-test',
      'llama.block_count': 1,
      'llama.embedding_length': model.nEmbd,
      'llama.attention.head_count': 2,
      'llama.context_length': 4096,
      'tokenizer.ggml.model': 'gpt2',
      'tokenizer.ggml.pre': 'llama-bpe',
      'tokenizer.ggml.merges': [],
      'tokenizer.ggml.add_bos_token': false,
      'tokenizer.ggml.eos_token_id': model.eosId,
    });
    expect(meta['tokenizer.ggml.tokens']).toEqual(['<|endoftext|>', '<|im_start|>', '<|im_end|>', 'Ġ"', 'Hi', 'Ġyou', '."', 'ĊMe:', 'Echo', 'Ċ']);
    expect(meta['tokenizer.ggml.token_type']).toEqual([3, 3, 3, 1, 1, 1, 1, 1, 1, 1]);
    expect((meta['tokenizer.ggml.tokens'] as string[]).slice(3).map(fromByteLevel)).toEqual([' "', 'Hi', ' you', '."', '\nMe:', 'Echo', '\n']);
    expect(model.tokens[model.eosId]).toBe(TINY_EOS);
  });

  it('has every tensor of a one-layer llama with the right shapes', () => {
    const n = model.nEmbd;
    const v = model.tokens.length;
    expect(Object.fromEntries(file.tensors.map((t) => [t.name, t.dims]))).toEqual({
      'token_embd.weight': [n, v],
      'output_norm.weight': [n],
      'output.weight': [n, v],
      'blk.0.attn_norm.weight': [n],
      'blk.0.attn_q.weight': [n, n],
      'blk.0.attn_k.weight': [n, n],
      'blk.0.attn_v.weight': [n, n],
      'blk.0.attn_output.weight': [n, n],
      'blk.0.ffn_norm.weight': [n],
      'blk.0.ffn_gate.weight': [n, 32],
      'blk.0.ffn_up.weight': [n, 32],
      'blk.0.ffn_down.weight': [32, n],
    });
  });

  it('makes each token predict its successor by a margin no sampler can overturn', () => {
    model.next.forEach((successor, token) => {
      const logits = logitsAfter(file, token);
      const others = logits.filter((_, i) => i !== successor);
      expect(logits[successor]).toBeGreaterThan(Math.max(...others) + 40);
    });
    expect(greedy(file, model, ' "', 3)).toBe('Hi you."');
    expect(greedy(file, model, '\nMe:', 2)).toBe(' "Hi');
    expect(greedy(file, model, 'Echo', 5)).toBe('');
  });

  it('rejects a table where a token has two successors', () => {
    expect(() =>
      buildBigramModel({
        name: 'x',
        sequences: [
          ['a', 'b'],
          ['a', 'c'],
        ],
      }),
    ).toThrow(/followed by both "b" and "c"/);
  });
});

describe('the tiny story model', () => {
  it('says the scripted reply, closes the quote inside its last token and then runs on', () => {
    const model = buildTinyStoryModel();
    const file = readGguf(model.bytes);
    expect(TINY_RAW_ROUND).toBe(`${TINY_REPLY}"\nMe: "`);
    expect(greedy(file, model, ' "', 2 * 29)).toBe(TINY_RAW_ROUND.repeat(2));
    expect(TINY_REPLY).toBe(
      'Hello there, traveller. Lamps glow along my little harbour while gulls drift home. Sit by this fire, rest weary feet, and tell me where your road began.',
    );
    expect(model.bytes.length).toBeLessThan(64 * 1024);
  });
});
