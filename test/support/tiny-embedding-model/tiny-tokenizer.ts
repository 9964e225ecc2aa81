/**
 * Test tool: `tokenizer.json` and `tokenizer_config.json` of a minimal BERT WordPiece
 * tokenizer (lower-casing, one token per CJK character, `[CLS] text [SEP]`).
 */
import { SPECIAL_TOKENS } from './tiny-vocabulary.ts';

/** Maximum tokens per text; longer texts are truncated by the tokenizer. */
export const TINY_MAX_LENGTH = 64;

function special(token: string, id: number) {
  return { id, content: token, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

/** The `tokenizer.json` object for `tokens` (index = id; the specials come first). */
export function tinyTokenizerJson(tokens: string[]): object {
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const idOf = (t: string) => vocab[t] ?? 0;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((t) => special(t, idOf(t))),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [idOf('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [idOf('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

/** The `tokenizer_config.json` object. */
export function tinyTokenizerConfig(): object {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    tokenize_chinese_chars: true,
    model_max_length: TINY_MAX_LENGTH,
    clean_up_tokenization_spaces: true,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  };
}
