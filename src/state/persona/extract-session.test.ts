import { describe, expect, it } from 'vitest';
import { ScriptedEngine, type ScriptedReply } from '../../../test/support/scripted-engine.ts';
import { EngineError } from '../../core/errors/index.ts';
import { msg, english, type Message } from '../../core/i18n/message.ts';
import type { TokenCounter } from '../../core/token-counter.ts';
import type { PickedFile } from './card-transfer.svelte.ts';
import { ExtractSession, type ExtractProgress } from './extract-session.svelte.ts';

/** The English sentence of a state's message, or null. */
const shown = (message: Message | null): string | null => (message ? english(message) : null);

const chars: TokenCounter = { id: 'chars', count: (t) => [...t].length };
const services = { loadTokenCounter: async () => chars };
/** Three paragraphs of 30 characters: one chunk each at 40 tokens per chunk. */
const SOURCE = ['Ada smiled. "Numbers sing!" x', 'Ada wrote notes on engines. y', 'Babbage was her friend. zzzzz'].join('\n\n');

function draft(fields: Record<string, unknown>): string {
  return JSON.stringify({ name: 'Ada', identity: 'Mathematician', ...fields });
}

function file(name: string, bytes: Uint8Array): PickedFile {
  return { name, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer };
}

describe('ExtractSession', () => {
  it('needs a ready engine', async () => {
    const session = new ExtractSession(services);
    await session.start({ kind: 'text', text: SOURCE }, null);
    expect(shown(session.error)).toMatch(/No model is ready\. Open Engine/);
    expect(session.phase).toBe('idle');
  });

  it('rejects empty text and binary files with a clear message', async () => {
    const session = new ExtractSession(services);
    const engine = new ScriptedEngine([]);
    await session.start({ kind: 'text', text: '  \n ' }, engine);
    expect(shown(session.error)).toMatch(/only spaces and blank lines/);
    await session.start({ kind: 'file', file: file('book.pdf', new Uint8Array([0x25, 0x50, 0x44, 0x46, 1, 2])) }, engine);
    expect(shown(session.error)).toMatch(/“book\.pdf” is a PDF file/);
    expect(session.phase).toBe('idle');
    expect(engine.requests).toEqual([]);
  });

  it('refines a draft chunk by chunk with progress, then offers it for review', async () => {
    const replies = [
      draft({ sampleLines: ['Numbers sing!'] }),
      draft({ experiences: ['Wrote notes on engines'] }),
      draft({ relationships: ['Babbage: friend'] }),
    ];
    const seen: (ExtractProgress | null)[] = [];
    const session = new ExtractSession(services, { chunkTokens: 40 });
    const engine = new ScriptedEngine((_request, call) => {
      seen.push(session.progress);
      return replies[call] ?? '';
    });
    await session.start({ kind: 'file', file: file('ada.md', new TextEncoder().encode(SOURCE)) }, engine);
    expect(session.error).toBeNull();
    expect(engine.requests).toHaveLength(3);
    expect(seen.map((p) => `${p?.chunk} of ${p?.chunkCount}`)).toEqual(['1 of 3', '2 of 3', '3 of 3']);
    expect(session.progress).toMatchObject({ chunk: 3, chunkCount: 3 });
    expect(session.phase).toBe('review');
    expect(session.sourceName).toBe('ada.md');
    expect(shown(session.outcome)).toBe('Read all 3 chunks of the text.');
    expect(session.review).toMatchObject({
      name: 'Ada',
      description: 'Mathematician',
      sampleDialogues: 'Ada: "Numbers sing!"',
      attributes: { experiences: 'Wrote notes on engines', relationships: 'Babbage: friend' },
    });
  });

  it('keeps the draft so far on cancel', async () => {
    const replies: ScriptedReply[] = [
      { chunks: [draft({ interests: ['numbers'] })] },
      { chunks: ['{"name":', '"Ada"}'], delayMs: 30 },
      { chunks: [draft({})] },
    ];
    const engine = new ScriptedEngine(replies);
    const session = new ExtractSession(services, { chunkTokens: 40 });
    const running = session.start({ kind: 'text', text: SOURCE }, engine);
    await waitFor(() => session.progress?.chunk === 2);
    session.cancel();
    await running;
    expect(session.phase).toBe('review');
    expect(shown(session.outcome)).toBe('Cancelled after 1 of 3 chunks; the draft holds what was found so far.');
    expect(session.review?.attributes?.interests).toBe('numbers');
  });

  it('keeps the draft so far when the engine fails, and says why', async () => {
    const engine = new ScriptedEngine([
      draft({ interests: ['numbers'] }),
      { chunks: [], error: new EngineError('connection-refused', msg('text.verbatim', { text: 'The server stopped answering. Start it and try again.' })) },
    ]);
    const session = new ExtractSession(services, { chunkTokens: 40 });
    await session.start({ kind: 'text', text: SOURCE }, engine);
    expect(session.phase).toBe('review');
    expect(shown(session.error)).toBe('The server stopped answering. Start it and try again.');
    expect(shown(session.outcome)).toMatch(/Stopped after 1 of 3 chunks/);
  });

  it('reports skipped chunks as warnings', async () => {
    const engine = new ScriptedEngine([draft({}), 'not a profile', draft({})]);
    const session = new ExtractSession(services, { chunkTokens: 40 });
    await session.start({ kind: 'text', text: SOURCE }, engine);
    expect(session.warnings).toHaveLength(1);
    expect(session.warnings.map(english)[0]).toMatch(/^Part 2: /);
  });

  it('goes back to the start when cancelled before any chunk was read, and reset/clear forget the result', async () => {
    const engine = new ScriptedEngine([{ chunks: ['{"name":', '"Ada"}'], delayMs: 30 }]);
    const session = new ExtractSession(services, { chunkTokens: 40 });
    session.text = SOURCE;
    const running = session.start({ kind: 'text', text: session.text }, engine);
    await waitFor(() => session.phase === 'running');
    session.cancel();
    await running;
    expect(session.phase).toBe('idle');
    expect(shown(session.outcome)).toMatch(/Cancelled before any chunk was read/);
    session.reset();
    expect(session.outcome).toBeNull();
    expect(session.text).toBe(SOURCE);
    session.clear();
    expect(session.text).toBe('');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 2));
  if (!condition()) throw new Error('condition not reached');
}
