import type { PersonaLanguage } from '../persona/index.ts';
import type { JudgeDimension } from './dimensions.ts';

/** What an interview item probes. */
export type InterviewCategory = 'identity' | 'relationships' | 'values' | 'experiences' | 'style' | 'memory' | 'boundary';

/** Every category, in the order reports list them. */
export const INTERVIEW_CATEGORIES: readonly InterviewCategory[] = ['identity', 'relationships', 'values', 'experiences', 'style', 'memory', 'boundary'];

/** The kind of trap a boundary probe sets (Character-LLM protective scenes). */
export type BoundaryKind = 'anachronism' | 'false-relationship' | 'out-of-world';

/** A conversation never has more user turns than this, follow-ups included. */
export const MAX_INTERVIEW_TURNS = 5;

/** One interview: a single question, or up to five scripted user turns. */
export interface InterviewItem {
  /** Unique within its set; letters, digits, `-`, `_`, `.` only (used in run-state keys). */
  id: string;
  category: InterviewCategory;
  /** The interviewer's lines, in order (1 to {@link MAX_INTERVIEW_TURNS}). */
  turns: string[];
  /** Ask a follow-up when an answer dodges (default: true except for boundary probes). */
  followUps?: boolean;
  /** Dimensions to judge; default {@link defaultDimensionsFor} the category. */
  dimensions?: JudgeDimension[];
  /** Memory probes: words the last answer must all contain to count as recalled. */
  expectedRecall?: string[];
  /** Boundary probes: what trap is set and on which topic. */
  boundary?: { kind: BoundaryKind; topic: string };
  /** Extra context shown to the judge (e.g. "the character cannot know X"). */
  judgeNote?: string;
}

/** A user-editable list of interview items for one persona. */
export interface InterviewSet {
  version: 1;
  id: string;
  title: string;
  language: PersonaLanguage;
  items: InterviewItem[];
}

/** Whether an item asks follow-ups when an answer dodges. */
export function followUpsEnabled(item: InterviewItem): boolean {
  return item.followUps ?? item.category !== 'boundary';
}
