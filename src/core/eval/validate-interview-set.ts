import { ValidationError } from '../errors/index.ts';
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

function fail(message: string): never {
  throw new ValidationError('invalid', message);
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(`${where} must be a list of texts.`);
  return (value as string[]).map((v) => v.trim()).filter((v) => v !== '');
}

function checkTurns(value: unknown, where: string): string[] {
  const turns = stringList(value, `The questions of ${where}`);
  if (turns.length === 0) fail(`${where} has no question. Write at least one question or delete the item.`);
  if (turns.length > MAX_INTERVIEW_TURNS) {
    fail(`${where} has ${turns.length} turns; an interview has at most ${MAX_INTERVIEW_TURNS}. Split it into two items.`);
  }
  if (turns.some((t) => t.length > MAX_TURN_CHARS)) fail(`A question of ${where} is longer than ${MAX_TURN_CHARS} characters. Shorten it.`);
  return turns;
}

function checkDimensions(value: unknown, where: string): JudgeDimension[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isJudgeDimension)) {
    fail(`The judged dimensions of ${where} must be a non-empty list of known dimensions.`);
  }
  return [...new Set(value)];
}

function checkBoundary(value: unknown, where: string): InterviewItem['boundary'] {
  if (!isObj(value) || !BOUNDARY_KINDS.includes(value.kind as BoundaryKind) || typeof value.topic !== 'string') {
    fail(`The boundary probe of ${where} needs a kind (${BOUNDARY_KINDS.join(', ')}) and a topic.`);
  }
  return { kind: value.kind as BoundaryKind, topic: value.topic.trim() };
}

function checkItem(value: unknown, index: number): InterviewItem {
  const where = `interview item ${index + 1}`;
  if (!isObj(value)) fail(`${where} is not an object.`);
  if (typeof value.id !== 'string' || !EVAL_ID_PATTERN.test(value.id)) {
    fail(`${where} needs an id of 1–64 letters, digits, "-", "_" or ".".`);
  }
  const named = `${where} ("${value.id}")`;
  if (!INTERVIEW_CATEGORIES.includes(value.category as InterviewCategory)) {
    fail(`${named} has an unknown category. Use one of: ${INTERVIEW_CATEGORIES.join(', ')}.`);
  }
  const item: InterviewItem = { id: value.id, category: value.category as InterviewCategory, turns: checkTurns(value.turns, named) };
  if (value.followUps !== undefined) {
    if (typeof value.followUps !== 'boolean') fail(`"followUps" of ${named} must be true or false.`);
    item.followUps = value.followUps;
  }
  if (value.dimensions !== undefined) item.dimensions = checkDimensions(value.dimensions, named);
  if (value.expectedRecall !== undefined) item.expectedRecall = stringList(value.expectedRecall, `"expectedRecall" of ${named}`);
  if (value.boundary !== undefined) item.boundary = checkBoundary(value.boundary, named);
  if (value.judgeNote !== undefined) {
    if (typeof value.judgeNote !== 'string') fail(`"judgeNote" of ${named} must be a text.`);
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
  if (!isObj(value)) fail('The interview set is not an object.');
  if (value.version !== 1) fail('This interview set has an unsupported version. Export it again from this version of EGOS.');
  if (typeof value.id !== 'string' || !EVAL_ID_PATTERN.test(value.id)) fail('The interview set needs an id of letters, digits, "-", "_" or ".".');
  if (typeof value.title !== 'string') fail('The interview set needs a title.');
  if (value.language !== 'en' && value.language !== 'zh') fail('The interview set language must be "en" or "zh".');
  if (!Array.isArray(value.items) || value.items.length === 0) fail('The interview set has no items. Add at least one question.');
  if (value.items.length > MAX_ITEMS) fail(`The interview set has more than ${MAX_ITEMS} items. Split it.`);
  const items = value.items.map(checkItem);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) fail(`Two interview items share the id "${item.id}". Give each item its own id.`);
    seen.add(item.id);
  }
  return { version: 1, id: value.id, title: value.title, language: value.language, items };
}
