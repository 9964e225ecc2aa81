import { describe, expect, it } from 'vitest';
import { characterLines, nameVariants } from './character-lines.ts';

const texts = (text: string, name: string) => characterLines(text, nameVariants(name)).map((l) => l.text);

describe('nameVariants', () => {
  it('gives the full name, the capitalised parts of a spaced name and the given name of a Chinese one', () => {
    expect(nameVariants('Ludwig van Beethoven')).toEqual(['Ludwig van Beethoven', 'Beethoven', 'Ludwig']);
    expect(nameVariants('林黛玉')).toEqual(['林黛玉', '黛玉']);
    expect(nameVariants('李白')).toEqual(['李白']);
    expect(nameVariants('  ')).toEqual([]);
  });
});

describe('characterLines', () => {
  it('takes quotes the clause after names the character for, and not those it names someone else for', () => {
    const text = '"Come here," said Harry. "Not tonight," Ron said to Harry. "Why not?" Harry asked.';
    expect(texts(text, 'Harry Potter')).toEqual(['Come here.', 'Why not?']);
    expect(texts(text, 'Ron Weasley')).toEqual(['Not tonight.']);
  });

  it('reads an introducing clause before the quote, and an action beat when nothing after names a speaker', () => {
    const text = 'Harry said to Ron, "We go tonight." Ron looked at Harry. "You are mad." Harry shrugged. "Maybe so," he said.';
    expect(texts(text, 'Harry')).toEqual(['We go tonight.', 'Maybe so.']);
    expect(texts(text, 'Ron')).toEqual(['You are mad.']);
  });

  it('leaves out quotes with no speaker, pronouns alone and words that merely start with the name', () => {
    expect(texts('"It is late," someone whispered. "Go," he said.', 'Harry')).toEqual([]);
    expect(texts('Harrying the guards, the captain shouted, "Hold the gate!"', 'Harry')).toEqual([]);
  });

  it('reads Chinese quotes “” and 「」 with the given name, and ends a line cut at its comma', () => {
    const text = '黛玉道：“你来了。”宝玉笑道：“来了，来了。”\n「这是什么话，」黛玉冷笑道。他看着黛玉说：“别恼。”';
    expect(texts(text, '林黛玉')).toEqual(['你来了。', '这是什么话。']);
    expect(texts(text, '贾宝玉')).toEqual(['来了，来了。']);
  });

  it('takes dialogue lines `Name: …` with the line before as context', () => {
    const lines = characterLines('Mia: Is the tea ready?\nLi Bai: "Only with wine in hand."\nLi Bai：月下独酌。', nameVariants('Li Bai'));
    expect(lines.map((l) => [l.text, l.context])).toEqual([
      ['Only with wine in hand.', 'Mia: Is the tea ready?'],
      ['月下独酌。', 'Li Bai: "Only with wine in hand."'],
    ]);
  });

  it('keeps the prose around a quote as context, keeps each line once and skips one-word and paragraph-crossing quotes', () => {
    const text =
      'The rain fell on Vienna. Ludwig slammed the lid. "Muss es sein?" The maid fled.\n\n"Ach," Ludwig said. "Muss es sein?" Ludwig asked. "Unclosed, Ludwig said.\n\nNext day.';
    const lines = characterLines(text, nameVariants('Ludwig van Beethoven'));
    expect(lines.map((l) => l.text)).toEqual(['Muss es sein?']);
    expect(lines[0]!.context).toBe(
      'The rain fell on Vienna. Ludwig slammed the lid. The maid fled. "Ach," Ludwig said. "Muss es sein?" Ludwig asked. "Unclosed, Ludwig said. Next day.',
    );
  });
});
