/**
 * Contract: the app's WebLLM adapter and prompt layouts, run on the real @mlc-ai/web-llm engine
 * (test/support/webllm-harness: the library's own engine, pipeline, conversation and worker
 * protocol; fake GPU; real Qwen tokenizer; scripted model). A scripted chat in both reply forms,
 * English on Qwen2.5 and Chinese on Qwen3, with the misbehaviours small models show, through
 * the real reply loop and background steps (test/support/chat-run.ts). Per reply it checks:
 * - the user sees the whole reply, and nothing of what the model wrote beyond its turn;
 * - after a reply that ended cleanly the engine holds exactly the stored reply (so resending it
 *   reuses the KV cache), and the next reply reuses the cache unless the design resets it;
 * - text that was hidden never reaches a later prompt or the engine's cache after the reset.
 */
import { describe, expect, it } from 'vitest';
import { WebLlmEngine } from '../../src/adapters/webllm/webllm-engine.ts';
import { loadQwenTokenizer } from '../../src/adapters/qwen-tokenizer/index.ts';
import type { PersonaId } from '../../src/core/ids.ts';
import { createPersona, type ReplyForm } from '../../src/core/persona/index.ts';
import { cachedCounter } from '../../src/core/prompt/budget.ts';
import { MAX_WAITING_REPLIES } from '../../src/core/conversation/background-work.ts';
import { runChat, scriptTurns, type CallPurpose, type Misbehaviour, type TurnRecord } from '../support/chat-run.ts';
import { createWebLlmHarness } from '../support/webllm-harness/webllm-harness.ts';

const TURNS = 48;
const MISBEHAVE = new Map<number, Misbehaviour>([
  [9, 'run-on'],
  [17, 'user-line'],
  [25, 'stop'],
  [33, 'long'],
]);

interface Scenario {
  label: string;
  modelId: string;
  form: ReplyForm;
  language: 'en' | 'zh';
  name: string;
  userName: string;
}

const SCENARIOS: Scenario[] = [
  { label: 'English line, Qwen2.5', modelId: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC', form: 'line', language: 'en', name: 'Maren', userName: 'Tom' },
  { label: 'English scene, Qwen2.5', modelId: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC', form: 'scene', language: 'en', name: 'Maren', userName: 'Tom' },
  { label: 'Chinese line, Qwen3', modelId: 'Qwen3-1.7B-q4f16_1-MLC', form: 'line', language: 'zh', name: '林晚', userName: '阿远' },
  { label: 'Chinese scene, Qwen3', modelId: 'Qwen3-1.7B-q4f16_1-MLC', form: 'scene', language: 'zh', name: '林晚', userName: '阿远' },
];

describe('WebLLM adapter + prompt layouts on the real library', () => {
  for (const sc of SCENARIOS) {
    it(`${sc.label}: replies whole and clean, the engine holds what is stored, resets only where intended`, async () => {
      const counter = cachedCounter(await loadQwenTokenizer());
      const harness = await createWebLlmHarness();
      const engine = new WebLlmEngine({ library: async () => harness.library, createWorker: () => harness.createWorker() });
      await engine.load(sc.modelId);
      expect(engine.thinking).toBe(sc.modelId.startsWith('Qwen3'));
      const persona = createPersona(
        {
          name: sc.name,
          language: sc.language,
          description: sc.language === 'zh' ? '灯塔看守人，说话简短。' : 'Keeper of the North Point lighthouse; dry humour.',
          greeting: sc.language === 'zh' ? '（抬头）「你来了。」' : '*She looks up from the logbook.* "You came."',
          user: { name: sc.userName, description: '' },
          replyForm: sc.form,
        },
        'p' as PersonaId,
        1,
      );
      const turns = scriptTurns({
        name: sc.name,
        userName: sc.userName,
        language: sc.language,
        form: sc.form,
        turns: TURNS,
        zhShare: sc.language === 'zh' ? 0.8 : 0.2,
        misbehave: MISBEHAVE,
      });
      const records: TurnRecord[] = [];
      const hidden: string[] = [];
      const replyCalls: number[] = [];
      await runChat({
        engine,
        persona,
        form: sc.form,
        counter,
        contextWindow: 4096,
        maxTokens: 200,
        turns,
        script: (output: string, purpose: CallPurpose) => {
          if (purpose === 'reply') replyCalls.push(harness.calls.length);
          harness.setScript(() => output);
        },
        onTurn: (record) => {
          records.push(record);
          const expected = turns[record.turn - 1]!;
          const call = harness.calls[replyCalls.at(-1)!]!;
          // 1. The user sees the whole reply — and never what the model wrote beyond its turn.
          if (record.outcome.error) throw record.outcome.error;
          if (expected.misbehaviour === 'stop') expect(record.reply.status).toBe('interrupted');
          else if (expected.misbehaviour === 'long') expect(record.reply.interruptReason).toBe('max-tokens');
          else expect(record.reply.text).toBe(expected.shown);
          if (expected.hidden) hidden.push(expected.hidden);
          for (const h of hidden) expect(record.reply.text).not.toContain(h);
          // 2. After a clean reply the engine holds exactly what is stored, so the next turn can resend it.
          if (record.outcome.cleanEnd && record.background.length === 0) {
            expect(harness.storedConversation().at(-1), `turn ${record.turn}`).toEqual({ role: 'assistant', content: record.reply.raw });
          }
          expect(call.mode).toBe('chat');
        },
      });

      // 3. Reply calls reuse the cache except where the design resets it: the first reply, a
      //    reply after a summary or background step, after a misbehaving reply (stopped, cut,
      //    ended at its closing quote, or a stop string the adapter reset for).
      const expectedResets = new Set<number>([1]);
      records.forEach((r, i) => {
        const next = i + 2;
        if (r.background.length > 0 || !r.outcome.cleanEnd) expectedResets.add(next);
      });
      const resets = replyCalls.map((c, i) => (harness.calls[c]!.reusedKv ? null : i + 1)).filter((n): n is number => n !== null);
      expect(new Set(resets)).toEqual(new Set([...expectedResets].filter((t) => t <= TURNS)));
      // The scripted misbehaviours really happened and really cost a reset each.
      for (const t of turns.flatMap((x, i) => (x.misbehaviour ? [i + 1] : []))) expect(resets).toContain(t + 1);
      // 4. Hidden text never reaches the engine again after the reset that follows it.
      for (const h of hidden) expect(harness.kvText()).not.toContain(h);
      if (process.env.CONTRACT_LOG)
        console.log(
          sc.label,
          'resets',
          resets,
          'background',
          records.filter((r) => r.background.length).map((r) => [r.turn, r.background.join('+'), r.outcome.cleanEnd ? 'clean' : 'unclean']),
        );
      // Background work ran with a summary, after a reply that did not end cleanly, or once it had
      // waited MAX_WAITING_REPLIES replies — never spoiling a warm cache otherwise.
      let last = 0;
      for (const r of records.filter((x) => x.background.length > 0)) {
        expect(r.background.includes('summary') || !r.outcome.cleanEnd || r.turn - last >= MAX_WAITING_REPLIES, `turn ${r.turn}`).toBe(true);
        last = r.turn;
      }
    }, 60_000);
  }
});
