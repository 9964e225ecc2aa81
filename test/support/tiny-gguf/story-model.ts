/**
 * Test tool: the tiny bigram model the end-to-end tests load into the CPU engine. In quote mode
 * the prompt ends with `Name: "`, whose last token is ` "`; from there the model always says
 * {@link TINY_REPLY} and closes the quote inside its last token (` began."`), then starts the
 * user's next line (`\nMe: "`) and says it all again, forever. So the closing-quote stop string
 * must cut the stream in the middle of a token, and without it the reply would run on.
 */
import { buildBigramModel, type BigramModel } from './bigram-model.ts';

/** The reply's tokens up to (not including) the last one, which also carries the closing quote. */
const WORDS = [
  'Hello',
  ' there,',
  ' traveller.',
  ' Lamps',
  ' glow',
  ' along',
  ' my',
  ' little',
  ' harbour',
  ' while',
  ' gulls',
  ' drift',
  ' home.',
  ' Sit',
  ' by',
  ' this',
  ' fire,',
  ' rest',
  ' weary',
  ' feet,',
  ' and',
  ' tell',
  ' me',
  ' where',
  ' your',
  ' road',
] as const;

/** The clean line the user should see: every word, ending before the closing quote. */
export const TINY_REPLY = `${WORDS.join('')} began.`;

/** The first words of the reply, for waiting on a stream in progress. */
export const TINY_REPLY_START = 'Hello there, traveller.';

/** What the model generates after ` "` when nothing stops it (one round). */
export const TINY_RAW_ROUND = `${TINY_REPLY}"\nMe: "`;

/** Builds the tiny story model (about 40 KB). */
export function buildTinyStoryModel(): BigramModel {
  return buildBigramModel({ name: 'egos-tiny-story', sequences: [[' "', ...WORDS, ' began."', '\nMe:', ' "']] });
}
