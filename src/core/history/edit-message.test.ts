import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import type { Message } from '../message.ts';
import { MAX_MESSAGE_CHARS, editMessageText, normalizeMessageText } from './edit-message.ts';
import { msg } from './test-fixtures.ts';

function rejection(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('editMessageText', () => {
  it('trims the edges, keeps inner newlines and normalizes CRLF', () => {
    const edited = editMessageText(msg(1), '  \r\n*waves*\r\nHello  there\r\rbye \n\n', 50);
    expect(edited.text).toBe('*waves*\nHello  there\n\nbye');
  });

  it('drops raw, stamps editedAt and updatedAt and keeps identity and order', () => {
    const original = msg(2, 'assistant', 'complete', { raw: '"line 2"', engine: 'openai', model: 'm' });
    const edited = editMessageText(original, 'better line', 99);
    const { raw: _raw, ...rest } = original;
    const expected: Message = { ...rest, text: 'better line', editedAt: 99, updatedAt: 99 };
    expect(edited).toStrictEqual(expected);
    expect(original.text).toBe('line 2');
    expect(original.raw).toBe('"line 2"');
  });

  it('turns a failed reply with new text into a complete one without the error', () => {
    const failed = msg(2, 'assistant', 'error', { text: '', interruptReason: 'engine-error', error: { code: 'network', message: 'offline' } });
    const edited = editMessageText(failed, 'I wrote it myself', 5);
    expect(edited.status).toBe('complete');
    expect(edited.error).toBeUndefined();
    expect(edited.interruptReason).toBeUndefined();
  });

  it('keeps an interrupted reply interrupted, with its reason, so it can be continued', () => {
    const cut = msg(2, 'assistant', 'interrupted', { interruptReason: 'max-tokens' });
    const edited = editMessageText(cut, 'line 2, fixed', 5);
    expect(edited).toMatchObject({ status: 'interrupted', interruptReason: 'max-tokens', text: 'line 2, fixed' });
  });

  it('updates the active swipe, leaving the others alone', () => {
    const swiped = msg(2, 'assistant', 'complete', {
      text: 'b',
      activeVariant: 1,
      variants: [
        { text: 'a', raw: '"a"', status: 'complete', createdAt: 1 },
        { text: 'b', raw: '"b"', status: 'error', createdAt: 2 },
      ],
    });
    const edited = editMessageText(swiped, 'B!', 9);
    expect(edited.variants).toEqual([
      { text: 'a', raw: '"a"', status: 'complete', createdAt: 1 },
      { text: 'B!', status: 'complete', createdAt: 2 },
    ]);
    expect(edited.activeVariant).toBe(1);
    expect(swiped.variants?.[1]?.text).toBe('b');
  });

  it('rejects blank text with a hint to delete instead', () => {
    const error = rejection(() => editMessageText(msg(1), ' \r\n\t ', 1));
    expect(error.code).toBe('empty');
    expect(error.message).toMatch(/delete the message/);
  });

  it('rejects text over the limit and says how long it is', () => {
    expect(editMessageText(msg(1), 'x'.repeat(MAX_MESSAGE_CHARS), 1).text).toHaveLength(MAX_MESSAGE_CHARS);
    const error = rejection(() => editMessageText(msg(1), 'x'.repeat(MAX_MESSAGE_CHARS + 1), 1));
    expect(error.code).toBe('too-large');
    expect(error.message).toContain(String(MAX_MESSAGE_CHARS + 1));
  });

  it('refuses to edit a reply that is still streaming', () => {
    const error = rejection(() => editMessageText(msg(2, 'assistant', 'streaming'), 'x', 1));
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(/Stop it first/);
  });

  it('normalizing is idempotent and never leaves CR or blank edges', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\r', '\t', '字') }), (text) => {
        const once = normalizeMessageText(text);
        expect(normalizeMessageText(once)).toBe(once);
        expect(once).not.toContain('\r');
        expect(once).toBe(once.trim());
      }),
    );
  });
});
