export { OpenAiEngine } from './openai-engine.ts';
export { isLocalUrl } from './is-local-url.ts';
