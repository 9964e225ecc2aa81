import { describe, expect, it } from 'vitest';
import type { PersonaId } from '../ids.ts';
import { createPersona, detectLanguage } from '../persona/index.ts';
import { draftToPersonaInit } from './draft-to-persona.ts';
import { emptyDraft, type PersonaDraft } from './persona-draft.ts';

const draft: PersonaDraft = {
  name: ' 林黛玉 ',
  language: 'zh',
  identity: '贾府的表小姐',
  personality: '敏感、聪慧',
  speakingStyle: '说话尖刻而含蓄',
  catchphrases: ['你又来了'],
  sampleLines: ['你又来了。', ' '],
  relationships: ['贾宝玉：表兄', '紫鹃：丫鬟'],
  interests: ['诗词'],
  viewpoints: [],
  experiences: ['葬花'],
  achievements: ['海棠诗社夺魁'],
  knowledgeBoundary: { era: '清代', knows: '诗词', cannotKnow: ['电话', ''] },
};

describe('draftToPersonaInit', () => {
  it('maps every field so createPersona gives a complete persona', () => {
    const init = draftToPersonaInit(draft);
    expect(init).toMatchObject({
      name: '林黛玉',
      language: 'zh',
      description: '贾府的表小姐',
      attributes: { relationships: '贾宝玉：表兄\n紫鹃：丫鬟', interests: '诗词', experiences: '葬花', achievements: '海棠诗社夺魁', viewpoints: '' },
      behaviours: { catchphrases: ['你又来了'], speakingStyle: '说话尖刻而含蓄', personality: '敏感、聪慧' },
      sampleDialogues: '林黛玉：「你又来了。」',
      boundary: { era: '清代', knows: '诗词', cannotKnow: ['电话'] },
    });
    const persona = createPersona(init, 'p' as PersonaId, 1);
    expect(persona.behaviours.dialect).toBe('');
    expect(persona.boundary.cannotKnow).toEqual(['电话']);
  });

  it('writes English sample lines in quotes and leaves an empty name for the review form', () => {
    const init = draftToPersonaInit({ ...emptyDraft('en'), sampleLines: ['Onwards!'] });
    expect(init.name).toBe('');
    expect(init.sampleDialogues).toBe('Character: "Onwards!"');
  });
});

describe('detectLanguage', () => {
  it('tells Chinese from English, also with a few foreign words', () => {
    expect(detectLanguage('林黛玉道：“你又来了。” (Lin Daiyu)')).toBe('zh');
    expect(detectLanguage('Alice met 林黛玉 in the garden and they talked for hours.')).toBe('en');
    expect(detectLanguage('')).toBe('en');
  });
});
