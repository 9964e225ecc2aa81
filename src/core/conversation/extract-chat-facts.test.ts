import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { Chat } from '../chat.ts';
import type { ChatId, MessageId, PersonaId } from '../ids.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import type { Message } from '../message.ts';
import { createPersona } from '../persona/index.ts';
import { extractChatFacts } from './extract-chat-facts.ts';

const persona = createPersona({ name: 'Maren', user: { name: 'Tom', description: '' } }, 'maren' as PersonaId, 1);
const chat: Chat = { id: 'c' as ChatId, personaId: persona.id, title: 't', createdAt: 1, updatedAt: 1 };

function said(seq: number, role: Message['role'], text: string, speakerId?: string): Message {
  return {
    id: `m${seq}` as MessageId,
    chatId: chat.id,
    seq,
    role,
    text,
    status: 'complete',
    createdAt: seq,
    updatedAt: seq,
    ...(speakerId ? { speakerId: speakerId as PersonaId } : {}),
  };
}

const history = [
  said(0, 'assistant', 'Welcome aboard.'),
  said(1, 'user', 'My sister lives in Hangzhou.'),
  said(2, 'assistant', 'I keep the lamp.', 'maren'),
  said(3, 'assistant', 'I dive for wrecks.', 'tobin'),
];

function texts(request: CompletionRequest | undefined): string[] {
  return request?.input.kind === 'chat' ? request.input.messages.map((m) => m.content) : [];
}

describe('extractChatFacts', () => {
  it('a one-to-one chat: every character turn is the character’s', async () => {
    const engine = new ScriptedEngine(['{"facts":[]}']);
    await extractChatFacts({ engine, persona, chat, messages: history, existing: [], now: 1 });
    const [system, turns] = texts(engine.requests[0]);
    expect(system).toContain('between Tom (the user) and Maren (the character).');
    expect(turns).toBe('[1] Maren: Welcome aboard.\n[2] Tom: My sister lives in Hangzhou.\n[3] Maren: I keep the lamp.\n[4] Maren: I dive for wrecks.');
  });

  it('a group chat: each character turn under its speaker (the host when it names none), every character named', async () => {
    const cast = new Map([
      ['maren', 'Maren'],
      ['tobin', 'Tobin'],
      ['ada', 'Ada'],
    ]);
    const answer = JSON.stringify({
      facts: [
        { about: 'user', fact: 'Tom’s sister lives in Hangzhou.', importance: 6, message: 2 },
        { about: 'Tobin', fact: 'Tobin dives for wrecks.', importance: 5, message: 4 },
        { about: '', fact: 'Ada never sleeps.', importance: 3, message: 4 },
      ],
    });
    const engine = new ScriptedEngine([answer]);
    const result = await extractChatFacts({
      engine,
      persona,
      chat: { ...chat, members: [...cast.keys()].map((id) => ({ personaId: id as PersonaId })) },
      cast,
      messages: history,
      existing: [],
      now: 1,
    });
    const [system, turns] = texts(engine.requests[0]);
    expect(system).toContain('between Tom (the user) and Maren, Tobin and Ada (the characters).');
    expect(turns).toBe('[1] Maren: Welcome aboard.\n[2] Tom: My sister lives in Hangzhou.\n[3] Maren: I keep the lamp.\n[4] Tobin: I dive for wrecks.');
    expect(result.memories.map((m) => m.text)).toEqual(['Tom’s sister lives in Hangzhou.', 'Tobin dives for wrecks.', 'Ada never sleeps.']);
    expect(result.memories.every((m) => m.personaId === persona.id && m.chatId === chat.id)).toBe(true);
  });
});
