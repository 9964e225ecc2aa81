export { chunkText, type ChunkOptions, type TextChunk } from './chunk-text.ts';
export { draftToPersonaInit } from './draft-to-persona.ts';
export { mergeDraft, parseDraftReply, type DraftMerge } from './merge-draft.ts';
export {
  DRAFT_LIMITS,
  DRAFT_LIST_FIELDS,
  DRAFT_TEXT_FIELDS,
  draftForPrompt,
  emptyDraft,
  PERSONA_DRAFT_SCHEMA,
  type DraftBoundary,
  type PersonaDraft,
} from './persona-draft.ts';
export { DEFAULT_MAX_SOURCE_BYTES, readPastedText, readSourceFile, type SourceEncoding, type SourceOptions, type SourceText } from './read-source.ts';
export { refinePersonaDraft, type RefineOptions, type RefineProgress, type RefineResult, type RefineWarning } from './refine-persona.ts';
export { buildRefineRequest, type RefineRequestOptions } from './refine-request.ts';
export { paragraphSpans, sentenceSpans, type TextSpan } from './split-text.ts';
export { prefixWithinTokens } from './token-prefix.ts';
