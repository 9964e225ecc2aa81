import { describe, expect, it } from 'vitest';
import type { PersonaId } from '../ids.ts';
import type { Message } from '../message.ts';
import { createPersona, type Persona } from '../persona/index.ts';
import { greetingsOf, regreet } from './turn-actions.ts';

const card = createPersona(
  { name: 'Maren', greeting: '*waves* Welcome aboard, {{user}}.', alternateGreetings: ['<USER>! Back so soon?'] },
  'maren' as PersonaId,
  1,
);
const as = (name: string): Persona => ({ ...card, user: { name, description: '' } });

function greeting(persona: Persona, changes: Partial<Message> = {}): Message {
  const [first = '', ...rest] = greetingsOf(persona);
  const variants = [first, ...rest].map((text) => ({ text, status: 'complete' as const, createdAt: 1 }));
  return {
    id: 'g' as Message['id'],
    chatId: 'c' as Message['chatId'],
    seq: 0,
    role: 'assistant',
    text: first,
    status: 'complete',
    createdAt: 1,
    updatedAt: 1,
    variants,
    activeVariant: 0,
    ...changes,
  };
}

describe('rewriting the greeting for another user', () => {
  it('rewrites every untouched greeting swipe with the new name', () => {
    const next = regreet(greeting(as('Tom')), as('Tom'), as('Rin'), 5);
    expect(next?.text).toBe('*waves* Welcome aboard, Rin.');
    expect(next?.variants?.map((v) => v.text)).toEqual(['*waves* Welcome aboard, Rin.', 'Rin! Back so soon?']);
    expect(next?.updatedAt).toBe(5);
  });

  it('keeps the active swipe mirrored and regenerated swipes as they are', () => {
    const base = greeting(as('Tom'));
    const message: Message = {
      ...base,
      text: 'Tom! Back so soon?',
      activeVariant: 1,
      variants: [...(base.variants ?? []), { text: 'A reply the model wrote for Tom.', status: 'complete', createdAt: 2 }],
    };
    const next = regreet(message, as('Tom'), as('Rin'), 5);
    expect(next?.text).toBe('Rin! Back so soon?');
    expect(next?.variants?.[2]?.text).toBe('A reply the model wrote for Tom.');
  });

  it('leaves a greeting edited by hand, a later message, or no change alone', () => {
    expect(regreet(greeting(as('Tom'), { editedAt: 3 }), as('Tom'), as('Rin'), 5)).toBeNull();
    expect(regreet(greeting(as('Tom'), { seq: 1 }), as('Tom'), as('Rin'), 5)).toBeNull();
    expect(regreet(greeting(as('Tom'), { role: 'user' }), as('Tom'), as('Rin'), 5)).toBeNull();
    expect(regreet(greeting(as('Tom')), as('Tom'), as('Tom'), 5)).toBeNull();
    const single = { ...greeting(as('Tom')), variants: undefined, activeVariant: undefined };
    expect(regreet(single, as('Tom'), as('Rin'), 5)).toMatchObject({ text: '*waves* Welcome aboard, Rin.' });
  });
});
