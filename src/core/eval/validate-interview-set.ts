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

function fail(message: string, zh: string): never {
  throw new ValidationError('invalid', message, { zh });
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a problem is, named in English and in Chinese. */
interface Where {
  en: string;
  zh: string;
}

function stringList(value: unknown, where: Where): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(`${where.en} must be a list of texts.`, `${where.zh}必须是文本列表。`);
  return (value as string[]).map((v) => v.trim()).filter((v) => v !== '');
}

function checkTurns(value: unknown, where: Where): string[] {
  const turns = stringList(value, { en: `The questions of ${where.en}`, zh: `${where.zh}的问题` });
  if (turns.length === 0) {
    fail(`${where.en} has no question. Write at least one question or delete the item.`, `${where.zh}没有问题。请至少写一个问题，或删除这个项目。`);
  }
  if (turns.length > MAX_INTERVIEW_TURNS) {
    fail(
      `${where.en} has ${turns.length} turns; an interview has at most ${MAX_INTERVIEW_TURNS}. Split it into two items.`,
      `${where.zh}有 ${turns.length} 轮问题，一次采访最多 ${MAX_INTERVIEW_TURNS} 轮。请把它拆成两个项目。`,
    );
  }
  if (turns.some((t) => t.length > MAX_TURN_CHARS)) {
    fail(`A question of ${where.en} is longer than ${MAX_TURN_CHARS} characters. Shorten it.`, `${where.zh}中有问题超过 ${MAX_TURN_CHARS} 个字符。请缩短它。`);
  }
  return turns;
}

function checkDimensions(value: unknown, where: Where): JudgeDimension[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isJudgeDimension)) {
    fail(`The judged dimensions of ${where.en} must be a non-empty list of known dimensions.`, `${where.zh}的评审维度必须是由已知维度组成的非空列表。`);
  }
  return [...new Set(value)];
}

function checkBoundary(value: unknown, where: Where): InterviewItem['boundary'] {
  if (!isObj(value) || !BOUNDARY_KINDS.includes(value.kind as BoundaryKind) || typeof value.topic !== 'string') {
    fail(
      `The boundary probe of ${where.en} needs a kind (${BOUNDARY_KINDS.join(', ')}) and a topic.`,
      `${where.zh}的边界测试需要一个类型（${BOUNDARY_KINDS.join(', ')}）和一个话题。`,
    );
  }
  return { kind: value.kind as BoundaryKind, topic: value.topic.trim() };
}

function checkItem(value: unknown, index: number): InterviewItem {
  const where: Where = { en: `interview item ${index + 1}`, zh: `第 ${index + 1} 个采访项目` };
  if (!isObj(value)) fail(`${where.en} is not an object.`, `${where.zh}不是对象。`);
  if (typeof value.id !== 'string' || !EVAL_ID_PATTERN.test(value.id)) {
    fail(`${where.en} needs an id of 1–64 letters, digits, "-", "_" or ".".`, `${where.zh}需要一个由 1–64 个字母、数字、“-”、“_”或“.”组成的 id。`);
  }
  const named: Where = { en: `${where.en} ("${value.id}")`, zh: `${where.zh}（“${value.id}”）` };
  if (!INTERVIEW_CATEGORIES.includes(value.category as InterviewCategory)) {
    fail(
      `${named.en} has an unknown category. Use one of: ${INTERVIEW_CATEGORIES.join(', ')}.`,
      `${named.zh}的类别未知。请使用以下之一：${INTERVIEW_CATEGORIES.join(', ')}。`,
    );
  }
  const item: InterviewItem = { id: value.id, category: value.category as InterviewCategory, turns: checkTurns(value.turns, named) };
  if (value.followUps !== undefined) {
    if (typeof value.followUps !== 'boolean') fail(`"followUps" of ${named.en} must be true or false.`, `${named.zh}的“followUps”必须是 true 或 false。`);
    item.followUps = value.followUps;
  }
  if (value.dimensions !== undefined) item.dimensions = checkDimensions(value.dimensions, named);
  if (value.expectedRecall !== undefined) {
    item.expectedRecall = stringList(value.expectedRecall, { en: `"expectedRecall" of ${named.en}`, zh: `${named.zh}的“expectedRecall”` });
  }
  if (value.boundary !== undefined) item.boundary = checkBoundary(value.boundary, named);
  if (value.judgeNote !== undefined) {
    if (typeof value.judgeNote !== 'string') fail(`"judgeNote" of ${named.en} must be a text.`, `${named.zh}的“judgeNote”必须是文本。`);
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
  if (!isObj(value)) fail('The interview set is not an object.', '这组采访问题不是对象。');
  if (value.version !== 1) {
    fail(
      'This interview set has an unsupported version. Export it again from this version of EGOS.',
      '这组采访问题的版本不受支持。请用当前版本的 EGOS 重新导出。',
    );
  }
  if (typeof value.id !== 'string' || !EVAL_ID_PATTERN.test(value.id)) {
    fail('The interview set needs an id of letters, digits, "-", "_" or ".".', '这组采访问题需要一个由字母、数字、“-”、“_”或“.”组成的 id。');
  }
  if (typeof value.title !== 'string') fail('The interview set needs a title.', '这组采访问题需要一个标题。');
  if (value.language !== 'en' && value.language !== 'zh') fail('The interview set language must be "en" or "zh".', '这组采访问题的语言必须是 "en" 或 "zh"。');
  if (!Array.isArray(value.items) || value.items.length === 0) {
    fail('The interview set has no items. Add at least one question.', '这组采访问题中没有任何项目。请至少添加一个问题。');
  }
  if (value.items.length > MAX_ITEMS) fail(`The interview set has more than ${MAX_ITEMS} items. Split it.`, `这组采访问题超过 ${MAX_ITEMS} 项。请拆分。`);
  const items = value.items.map(checkItem);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id))
      fail(
        `Two interview items share the id "${item.id}". Give each item its own id.`,
        `有两个采访项目使用了同一个 id“${item.id}”。请为每个项目设置各自的 id。`,
      );
    seen.add(item.id);
  }
  return { version: 1, id: value.id, title: value.title, language: value.language, items };
}
