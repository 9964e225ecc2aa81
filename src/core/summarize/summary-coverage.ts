import type { Memory } from '../memory/memory.ts';
import type { Message } from '../message.ts';

/** A summary memory with its `range` and `level` present. */
export type SummaryMemory = Memory & { kind: 'summary'; range: { fromSeq: number; toSeq: number }; level: number };

/** True for a memory of kind `summary` that carries a valid seq range. */
export function isSummaryMemory(memory: Memory): memory is SummaryMemory {
  return memory.kind === 'summary' && memory.range !== undefined && memory.range.fromSeq <= memory.range.toSeq && typeof memory.level === 'number';
}

/**
 * The summaries that stand for their turns in the prompt, oldest first: every valid summary
 * not covered by another one. A summary is covered by one whose range contains its range and
 * that has a higher level (or the same level and a wider range, or the same range and is newer).
 * Covered summaries stay stored; they just no longer appear in the prompt.
 */
export function activeSummaries(memories: readonly Memory[]): SummaryMemory[] {
  const summaries = memories.filter(isSummaryMemory);
  return summaries
    .filter((s) => !summaries.some((other) => other !== s && dominates(other, s)))
    .sort((a, b) => a.range.fromSeq - b.range.fromSeq || b.level - a.level || compareIds(a, b));
}

function dominates(a: SummaryMemory, b: SummaryMemory): boolean {
  if (a.range.fromSeq > b.range.fromSeq || a.range.toSeq < b.range.toSeq) return false;
  if (a.level !== b.level) return a.level > b.level;
  const spanA = a.range.toSeq - a.range.fromSeq;
  const spanB = b.range.toSeq - b.range.fromSeq;
  if (spanA !== spanB) return spanA > spanB;
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt;
  return compareIds(a, b) > 0;
}

function compareIds(a: Memory, b: Memory): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** True when a message's `seq` lies inside one of the (active) summaries' ranges. */
export function isCovered(seq: number, summaries: readonly SummaryMemory[]): boolean {
  return summaries.some((s) => s.range.fromSeq <= seq && seq <= s.range.toSeq);
}

/**
 * True for a message that belongs in the prompt and in summaries: not a reply still
 * streaming, and not a failed reply without any text.
 */
export function isPromptTurn(message: Message): boolean {
  if (message.status === 'streaming') return false;
  return message.text.trim() !== '';
}
