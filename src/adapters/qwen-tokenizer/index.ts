export { loadQwenTokenizer } from './qwen-tokenizer.ts';
