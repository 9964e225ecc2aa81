import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { buildQuestionGenerationRequest, generateQuestions, parseGeneratedQuestions } from './question-generation.ts';
import { composerPersona } from './test-fixtures.ts';
import { validateInterviewSet } from './validate-interview-set.ts';

describe('question generation', () => {
  it('builds a constrained JSON request that carries the persona', () => {
    const request = buildQuestionGenerationRequest(composerPersona(), { count: 5, categories: ['values', 'boundary'] });
    expect(request.responseFormat?.type).toBe('json');
    const schema = JSON.stringify(request.responseFormat?.schema);
    expect(schema).toContain('"maxItems":5');
    expect(schema).toContain('["values","boundary"]');
    const prompt = request.input.kind === 'chat' ? request.input.messages.map((m) => m.content).join('\n') : '';
    expect(prompt).toContain('Ludwig');
    expect(prompt).toContain('Cannot know about: programming; smartphones');
    expect(prompt).toContain('in English');
    expect(request.enableThinking).toBe(false);
  });

  it('asks for Chinese questions for a Chinese persona', () => {
    const request = buildQuestionGenerationRequest(composerPersona({ language: 'zh' }));
    expect(JSON.stringify(request.input)).toContain('Chinese');
  });

  it('parses JSON inside code fences and chatter, dropping bad and duplicate entries', () => {
    const text = [
      'Sure! Here you go:',
      '```json',
      JSON.stringify({
        questions: [
          { category: 'values', question: ' Is music worth suffering for? ' },
          { category: 'values', question: 'is music worth suffering for?' },
          { category: 'gossip', question: 'Who is dating whom?' },
          { category: 'memory', question: 'Remember my name?' },
          { category: 'boundary', question: '' },
          { category: 'identity' },
          'not an object',
          { category: 'boundary', question: 'What do you think of the radio?' },
        ],
      }),
      '```',
    ].join('\n');
    const { items, rejected } = parseGeneratedQuestions(text, { existingIds: new Set(['gen-1']) });
    expect(items).toEqual([
      { id: 'gen-2', category: 'values', turns: ['Is music worth suffering for?'] },
      { id: 'gen-3', category: 'boundary', turns: ['What do you think of the radio?'] },
    ]);
    expect(rejected).toBe(6);
    expect(() => validateInterviewSet({ version: 1, id: 's', title: '', language: 'en', items })).not.toThrow();
  });

  it('accepts a bare array and caps the count', () => {
    const text = JSON.stringify([1, 2, 3].map((n) => ({ category: 'identity', question: `Q${n}?` })));
    expect(parseGeneratedQuestions(text, { max: 2 }).items.map((i) => i.turns[0])).toEqual(['Q1?', 'Q2?']);
  });

  it('throws a ValidationError for text without JSON or with broken JSON', () => {
    expect(() => parseGeneratedQuestions('I cannot do that.')).toThrow(ValidationError);
    expect(() => parseGeneratedQuestions('{"questions": [ {"category": ')).toThrow(/expected JSON form/);
    expect(() => parseGeneratedQuestions('{"questions": [ {"category": "identity",} ] }')).toThrow(/expected JSON form/);
  });

  it('ignores brackets in chatter after the JSON', () => {
    const text = `${JSON.stringify({ questions: [{ category: 'identity', question: 'Who?' }] })}\nHope this helps [done] :)`;
    expect(parseGeneratedQuestions(text).items).toHaveLength(1);
  });

  it('calls the engine once and parses its answer', async () => {
    const engine = new ScriptedEngine([JSON.stringify({ questions: [{ category: 'style', question: 'Sing me a line?' }] })]);
    const result = await generateQuestions(engine, composerPersona(), { count: 3 });
    expect(result.items).toEqual([{ id: 'gen-1', category: 'style', turns: ['Sing me a line?'] }]);
    expect(engine.requests).toHaveLength(1);
    expect(engine.requests[0]?.responseFormat?.type).toBe('json');
  });
});
