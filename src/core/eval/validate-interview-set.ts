import { ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import { isJudgeDimension, type JudgeDimension } from './dimensions.ts';
import {
  INTERVIEW_CATEGORIES,
  MAX_INTERVIEW_TURNS,
  type BoundaryKind,
  type InterviewCategory,
  type InterviewItem,
  type InterviewSet,
} from './interview-set.ts';

/** Ids of sets, items and configurations: used inside run-state keys, so kept simple. */
export const EVAL_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
const MAX_ITEMS = 1000;
const MAX_TURN_CHARS = 4000;
const BOUNDARY_KINDS: readonly BoundaryKind[] = ['anachronism', 'false-relationship', 'out-of-world'];

type Obj = Record<string, unknown>;

function fail(text: Message): never {
  throw new ValidationError('invalid', text);
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a problem is (an item, or a field of one), as a message nested in the problem's. */
type Where = Message;

function stringList(value: unknown, where: Where): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(msg('eval.error.set.notList', { where }));
  return (value as string[]).map((v) => v.trim()).filter((v) => v !== '');
}

function checkTurns(value: unknown, where: Where): string[] {
  const turns = stringList(value, msg('eval.error.set.questionsOf', { where }));
  if (turns.length === 0) {
    fail(msg('eval.error.set.noQuestion', { where }));
  }
  if (turns.length > MAX_INTERVIEW_TURNS) {
    fail(msg('eval.error.set.tooManyTurns', { where, count: turns.length, max: MAX_INTERVIEW_TURNS }));
  }
  if (turns.some((t) => t.length > MAX_TURN_CHARS)) {
    fail(msg('eval.error.set.questionTooLong', { where, max: MAX_TURN_CHARS }));
  }
  return turns;
}

function checkDimensions(value: unknown, where: Where): JudgeDimension[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isJudgeDimension)) {
    fail(msg('eval.error.set.dimensions', { where }));
  }
  return [...new Set(value)];
}

function checkBoundary(value: unknown, where: Where): InterviewItem['boundary'] {
  if (!isObj(value) || !BOUNDARY_KINDS.includes(value.kind as BoundaryKind) || typeof value.topic !== 'string') {
    fail(msg('eval.error.set.boundary', { where, kinds: BOUNDARY_KINDS.join(', ') }));
  }
  return { kind: value.kind as BoundaryKind, topic: value.topic.trim() };
}

function checkItem(value: unknown, index: number): InterviewItem {
  const where: Where = msg('eval.error.set.item', { number: index + 1 });
  if (!isObj(value)) fail(msg('eval.error.set.itemNotObject', { where }));
  if (typeof value.id !== 'string' || !EVAL_ID_PATTERN.test(value.id)) {
    fail(msg('eval.error.set.itemId', { where }));
  }
  const named: Where = msg('eval.error.set.namedItem', { where, id: value.id });
  if (!INTERVIEW_CATEGORIES.includes(value.category as InterviewCategory)) {
    fail(msg('eval.error.set.category', { where: named, categories: INTERVIEW_CATEGORIES.join(', ') }));
  }
  const item: InterviewItem = { id: value.id, category: value.category as InterviewCategory, turns: checkTurns(value.turns, named) };
  if (value.followUps !== undefined) {
    if (typeof value.followUps !== 'boolean') fail(msg('eval.error.set.followUps', { where: named }));
    item.followUps = value.followUps;
  }
  if (value.dimensions !== undefined) item.dimensions = checkDimensions(value.dimensions, named);
  if (value.expectedRecall !== undefined) {
    item.expectedRecall = stringList(value.expectedRecall, msg('eval.error.set.expectedRecallOf', { where: named }));
  }
  if (value.boundary !== undefined) item.boundary = checkBoundary(value.boundary, named);
  if (value.judgeNote !== undefined) {
    if (typeof value.judgeNote !== 'string') fail(msg('eval.error.set.judgeNote', { where: named }));
    item.judgeNote = value.judgeNote;
  }
  return item;
}

/**
 * Checks an interview set (for example one the user edited or imported) and returns a clean copy
 * with trimmed questions and unknown fields dropped.
 * @throws ValidationError (`invalid`) naming the first problem found.
 */
export function validateInterviewSet(value: unknown): InterviewSet {
  if (!isObj(value)) fail(msg('eval.error.set.notObject'));
  if (value.version !== 1) {
    fail(msg('eval.error.set.version'));
  }
  if (typeof value.id !== 'string' || !EVAL_ID_PATTERN.test(value.id)) {
    fail(msg('eval.error.set.id'));
  }
  if (typeof value.title !== 'string') fail(msg('eval.error.set.title'));
  if (value.language !== 'en' && value.language !== 'zh') fail(msg('eval.error.set.language'));
  if (!Array.isArray(value.items) || value.items.length === 0) {
    fail(msg('eval.error.set.noItems'));
  }
  if (value.items.length > MAX_ITEMS) fail(msg('eval.error.set.tooManyItems', { max: MAX_ITEMS }));
  const items = value.items.map(checkItem);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) fail(msg('eval.error.set.itemTwice', { id: item.id }));
    seen.add(item.id);
  }
  return { version: 1, id: value.id, title: value.title, language: value.language, items };
}
