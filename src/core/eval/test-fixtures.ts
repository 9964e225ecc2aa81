/** Test-only builders for the evaluation tests; never imported by product code. */
import type { PersonaId } from '../ids.ts';
import { createPersona, type Persona, type PersonaInit } from '../persona/index.ts';

/** A historical composer with relationships, catchphrases and a knowledge boundary. */
export function composerPersona(init: Partial<PersonaInit> = {}): Persona {
  return createPersona(
    {
      name: 'Ludwig',
      description: 'A stubborn, passionate composer in Vienna.',
      attributes: {
        identity: 'Composer and pianist',
        interests: 'Long walks, coffee',
        viewpoints: 'Art must be free',
        experiences: 'Growing deaf',
        achievements: 'Nine symphonies',
        relationships: 'Karl: my nephew; Johann — my father',
        other: '',
      },
      behaviours: {
        catchphrases: ['Muss es sein?'],
        dialect: '',
        speakingStyle: 'Blunt',
        frequentWords: [],
        personality: 'Stormy',
        emotionalExpression: 'Loud',
        interactionPatterns: '',
      },
      boundary: { era: 'Vienna, 1805', knows: 'Music of his time', cannotKnow: ['programming', 'smartphones'] },
      ...init,
    },
    'p1' as PersonaId,
    0,
  );
}
