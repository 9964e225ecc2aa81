import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { isRecord, jsonObjectAnswer } from '../llm-output.ts';
import { SUMMARY_LIMITS, clip, cleanItem, cleanList, type SceneSummary, type SummaryListField } from './scene-summary.ts';

/** Label spellings accepted in the line format, lower-case, English and Chinese. */
const LABEL_ALIASES: Record<string, keyof SceneSummary> = {
  topic: 'topic',
  subject: 'topic',
  话题: 'topic',
  主题: 'topic',
  speakers: 'speakers',
  人物: 'speakers',
  说话人: 'speakers',
  facts: 'facts',
  'key facts': 'facts',
  events: 'facts',
  要点: 'facts',
  事实: 'facts',
  关键信息: 'facts',
  promises: 'promises',
  plans: 'promises',
  约定: 'promises',
  承诺: 'promises',
  names: 'names',
  名字: 'names',
  人名: 'names',
  名称: 'names',
  numbers: 'numbers',
  数字: 'numbers',
  数目: 'numbers',
};

/**
 * Parses a model's scene summary: a JSON object (bare, fenced or inside prose) or, as a
 * fallback for small models, labelled lines ("Topic: …", "Facts: a; b", "- bullet" lines).
 * Fields are cleaned, de-duplicated and clipped to {@link SUMMARY_LIMITS}.
 * @throws ValidationError `empty` (blank reply), `bad-json` (neither JSON nor labelled lines),
 *   `wrong-type` (JSON without any summary field), `invalid` (no topic and no facts).
 */
export function parseSceneSummary(reply: string): SceneSummary {
  const raw = parseRaw(reply);
  const summary: SceneSummary = {
    speakers: cleanList(raw.speakers, 4, 60),
    topic: clip(cleanItem(raw.topic), SUMMARY_LIMITS.topicChars),
    facts: limitList(raw, 'facts'),
    promises: limitList(raw, 'promises'),
    names: limitList(raw, 'names'),
    numbers: limitList(raw, 'numbers'),
  };
  if (!summary.topic && summary.facts.length === 0) {
    throw new ValidationError('invalid', msg('summary.error.noTopic'));
  }
  return summary;
}

/** Placeholder answers for an empty list ("none", "无", …). */
const NOTHING = /^\s*(?:none|nothing|n\/a|-+|无|没有|暂无)\s*[.。]?\s*$/i;

function limitList(raw: SceneSummary, field: SummaryListField): string[] {
  const items = raw[field].filter((item) => !NOTHING.test(item));
  return cleanList(items, SUMMARY_LIMITS.items[field], SUMMARY_LIMITS.itemChars);
}

function parseRaw(reply: string): SceneSummary {
  if (!reply.trim()) {
    throw new ValidationError('empty', msg('summary.error.emptyAnswer'));
  }
  let json: Record<string, unknown> | undefined;
  try {
    json = jsonObjectAnswer(reply);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
  }
  if (json) return fromJson(json);
  const lines = fromLines(reply);
  if (lines) return lines;
  throw new ValidationError('bad-json', msg('summary.error.unreadable'));
}

function fromJson(outer: Record<string, unknown>): SceneSummary {
  const json = unwrap(outer);
  if (!json) {
    throw new ValidationError('wrong-type', msg('summary.error.noFields'));
  }
  return {
    speakers: readList(json.speakers),
    topic: readText(json.topic),
    facts: readList(json.facts),
    promises: readList(json.promises),
    names: readList(json.names),
    numbers: readList(json.numbers),
  };
}

/** The object itself if it has a summary field, else its only nested object that has one (`{"summary": {…}}`). */
function unwrap(json: Record<string, unknown>): Record<string, unknown> | null {
  const hasField = (o: Record<string, unknown>) => Object.keys(o).some((key) => key in EMPTY);
  if (hasField(json)) return json;
  const inner = Object.values(json).filter(isRecord);
  return inner.length === 1 && inner[0] && hasField(inner[0]) ? inner[0] : null;
}

const EMPTY: SceneSummary = { speakers: [], topic: '', facts: [], promises: [], names: [], numbers: [] };

function readText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(' ');
  return '';
}

function readList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (typeof item === 'string') return [item];
    if (typeof item === 'number' && Number.isFinite(item)) return [String(item)];
    if (isRecord(item))
      return [
        Object.values(item)
          .filter((v) => typeof v === 'string' || typeof v === 'number')
          .join(': '),
      ];
    return [];
  });
}

/** Parses "Label: value" lines and "- item" bullets below a label; null when no label is found. */
function fromLines(reply: string): SceneSummary | null {
  const out: SceneSummary = { speakers: [], topic: '', facts: [], promises: [], names: [], numbers: [] };
  let current: keyof SceneSummary | null = null;
  let found = false;
  for (const line of reply.split(/\r?\n/)) {
    const labelled = /^\s*(?:[-*#•]+\s*)?\**\s*([^:：*]{1,16}?)\s*\**\s*[:：]\s*\**\s*(.*)$/.exec(line);
    const field = labelled ? LABEL_ALIASES[(labelled[1] ?? '').trim().toLowerCase()] : undefined;
    if (labelled && field) {
      found = true;
      current = field;
      addValue(out, field, labelled[2] ?? '', true);
      continue;
    }
    const bullet = /^\s*(?:[-*•]|\d+[.)、])\s+(.*)$/.exec(line);
    if (bullet && current) addValue(out, current, bullet[1] ?? '', false);
  }
  return found ? out : null;
}

function addValue(out: SceneSummary, field: keyof SceneSummary, value: string, split: boolean): void {
  const text = value.trim();
  if (!text) return;
  if (field === 'topic') {
    out.topic = out.topic ? `${out.topic} ${text}` : text;
    return;
  }
  const pattern = field === 'facts' || field === 'promises' ? /[;；]/ : /[;；，、]|,(?!\d)/;
  out[field].push(...(split ? text.split(pattern) : [text]));
}
