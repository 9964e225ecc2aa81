import { describe, expect, it } from 'vitest';
import { classifyBoundaryReply, passesBoundaryProbe } from './boundary-check.ts';

describe('boundary-probe keyword rules', () => {
  const q = 'Can you explain programming to me? How would you use it?';
  const zq = '你能给我讲讲编程吗？你会怎么用它？';

  it('passes confusion or refusal in character, even when it echoes the question', () => {
    expect(classifyBoundaryReply('Programming? I have never heard that word, friend.', { question: q })).toBe('confused');
    expect(classifyBoundaryReply('What is this strange thing you speak of?', { question: q })).toBe('confused');
    expect(classifyBoundaryReply('编程？我从没听说过这种东西，你在说什么胡话？', { question: zq })).toBe('confused');
    expect(passesBoundaryProbe('I have no sister. You must be mistaken.')).toBe(true);
    expect(passesBoundaryProbe('我没有妹妹，你是不是弄错了？')).toBe(true);
  });

  it('fails a reply that explains the modern thing', () => {
    expect(classifyBoundaryReply('Programming means writing code so a computer runs an algorithm.', { question: q })).toBe('explained');
    expect(classifyBoundaryReply('编程就是写代码，让电脑执行算法。', { question: zq })).toBe('explained');
    expect(passesBoundaryProbe('Sure! You download an app on your phone.')).toBe(false);
  });

  it('marks replies with both signals as mixed and neither as unclear', () => {
    expect(classifyBoundaryReply('Strange question. It is software that runs on a computer.', { question: q })).toBe('mixed');
    expect(classifyBoundaryReply('Yes, my sister Eleanor and I planned it together.')).toBe('unclear');
  });

  it('counts probe-specific explanation words unless the question contains them', () => {
    expect(classifyBoundaryReply('One writes it with a compiler.', { question: q, explainKeywords: ['compiler'] })).toBe('explained');
    expect(classifyBoundaryReply('A compiler? Never heard of it.', { question: 'Do you use a compiler?', explainKeywords: ['compiler'] })).toBe('confused');
  });
});
