import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { newId, type ChatId, type MessageId } from '../ids.ts';
import type { Message, MessageVariant } from '../message.ts';
import { activeVariantIndex, addVariant, removeVariant, replaceActiveVariant, selectVariant, variantsOf } from './variants.ts';

function reply(extra: Partial<Message> = {}): Message {
  return {
    id: newId<MessageId>(),
    chatId: newId<ChatId>(),
    seq: 2,
    role: 'assistant',
    text: 'First.',
    raw: 'Ada: "First."',
    status: 'complete',
    createdAt: 10,
    updatedAt: 11,
    engine: 'webllm',
    model: 'Qwen3-1.7B',
    usage: { promptTokens: 100, completionTokens: 5 },
    ...extra,
  };
}

const second: MessageVariant = { text: 'Second.', raw: 'Ada: "Second."', status: 'complete', createdAt: 20, engine: 'openai', model: 'gpt' };

describe('variantsOf', () => {
  it('gives a message without variants one variant built from its own fields', () => {
    const m = reply({ interruptReason: 'max-tokens', status: 'interrupted', why: [{ slot: 'memory', kind: 'fact', text: 'x', score: 1, reason: 'r' }] });
    expect(variantsOf(m)).toEqual([
      {
        text: 'First.',
        raw: 'Ada: "First."',
        status: 'interrupted',
        createdAt: 10,
        engine: 'webllm',
        model: 'Qwen3-1.7B',
        usage: { promptTokens: 100, completionTokens: 5 },
        interruptReason: 'max-tokens',
        why: m.why,
      },
    ]);
    expect(activeVariantIndex(m)).toBe(0);
  });

  it('returns the stored variants', () => {
    const m = addVariant(reply(), second, 30);
    expect(variantsOf(m).map((v) => v.text)).toEqual(['First.', 'Second.']);
  });
});

describe('addVariant', () => {
  it('keeps the current content as variant 0, appends the new one, makes it active and mirrors it', () => {
    const m = addVariant(reply(), second, 30);
    expect(m.variants?.[0]).toMatchObject({ text: 'First.', engine: 'webllm', usage: { completionTokens: 5 } });
    expect(m).toMatchObject({ activeVariant: 1, text: 'Second.', raw: 'Ada: "Second."', engine: 'openai', model: 'gpt', updatedAt: 30, createdAt: 10 });
    expect(m.usage).toBeUndefined();
  });

  it('appends to existing variants without losing any', () => {
    const third: MessageVariant = { text: 'Third.', status: 'streaming', createdAt: 40 };
    const m = addVariant(addVariant(reply(), second, 30), third, 40);
    expect(m.variants?.map((v) => v.text)).toEqual(['First.', 'Second.', 'Third.']);
    expect(m).toMatchObject({ activeVariant: 2, text: 'Third.', status: 'streaming' });
    expect(m.raw).toBeUndefined();
  });
});

describe('selectVariant', () => {
  it('mirrors the chosen variant, including its error and interrupt reason', () => {
    const failed: MessageVariant = {
      text: 'Par',
      status: 'interrupted',
      interruptReason: 'engine-error',
      error: { code: 'timeout', message: 'Slow.' },
      createdAt: 20,
    };
    const m = addVariant(reply(), failed, 30);
    expect(m).toMatchObject({ status: 'interrupted', interruptReason: 'engine-error', error: { code: 'timeout' } });
    const back = selectVariant(m, 0, 50);
    expect(back).toMatchObject({ activeVariant: 0, text: 'First.', status: 'complete', engine: 'webllm', updatedAt: 50 });
    expect(back.error).toBeUndefined();
    expect(back.interruptReason).toBeUndefined();
    expect(back.variants).toHaveLength(2);
  });

  it('rejects an index out of range', () => {
    const m = addVariant(reply(), second, 30);
    expect(() => selectVariant(m, 2, 1)).toThrow(ValidationError);
    expect(() => selectVariant(m, -1, 1)).toThrow(ValidationError);
    expect(() => selectVariant(reply(), 1, 1)).toThrow(ValidationError);
  });
});

describe('replaceActiveVariant', () => {
  it('updates the active variant and mirrors it; the other variants stay as they were', () => {
    const m = selectVariant(addVariant(reply(), second, 30), 1, 31);
    const next = replaceActiveVariant(m, { text: 'Second, edited.', status: 'complete' }, 60);
    expect(next.variants?.map((v) => v.text)).toEqual(['First.', 'Second, edited.']);
    expect(next).toMatchObject({ text: 'Second, edited.', updatedAt: 60, activeVariant: 1 });
    expect(m.variants?.[1]?.text).toBe('Second.');
  });

  it('just updates the top-level fields of a message without variants (not its createdAt)', () => {
    const next = replaceActiveVariant(reply(), { text: 'Changed', status: 'interrupted', createdAt: 99 }, 70);
    expect(next).toMatchObject({ text: 'Changed', status: 'interrupted', createdAt: 10, updatedAt: 70 });
    expect(next.variants).toBeUndefined();
  });
});

describe('removeVariant', () => {
  it('drops a variant and keeps a sensible one active', () => {
    const m = addVariant(addVariant(reply(), second, 30), { text: 'Third.', status: 'complete', createdAt: 40 }, 40);
    const dropLast = removeVariant(m, 2, 50);
    expect(dropLast).toMatchObject({ activeVariant: 1, text: 'Second.' });
    const dropFirst = removeVariant(m, 0, 50);
    expect(dropFirst).toMatchObject({ activeVariant: 1, text: 'Third.' });
    expect(() => removeVariant(reply(), 0, 1)).toThrow(ValidationError);
  });
});
