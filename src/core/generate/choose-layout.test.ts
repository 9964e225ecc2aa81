import { describe, expect, it } from 'vitest';
import type { EngineCapabilities } from '../llm-engine.ts';
import { chooseLayout, layoutById } from './choose-layout.ts';

const caps = (c: Partial<EngineCapabilities>): EngineCapabilities => ({ rawCompletion: false, reusesKvCache: false, jsonSchema: false, leavesDevice: false, ...c });

describe('chooseLayout', () => {
  it('uses chat for an engine that reuses its KV cache (WebLLM), even with raw completion', () => {
    expect(chooseLayout(caps({ rawCompletion: true, reusesKvCache: true })).id).toBe('chat');
  });

  it('uses single for raw completion without reuse', () => {
    expect(chooseLayout(caps({ rawCompletion: true })).id).toBe('single');
  });

  it('uses chat for chat-only endpoints', () => {
    expect(chooseLayout(caps({ leavesDevice: true })).id).toBe('chat');
  });

  it('finds a layout by id', () => {
    expect(layoutById('single').id).toBe('single');
    expect(layoutById('chat').id).toBe('chat');
  });
});
