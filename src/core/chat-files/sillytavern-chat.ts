/**
 * SillyTavern chat files (`.jsonl`), both ways.
 *
 * The shape, as SillyTavern writes and reads it (its `src/endpoints/chats.js` and the chat
 * objects of its front end): line 1 is a header `{ user_name, character_name, create_date,
 * chat_metadata }`; every further line is one message `{ name, is_user, is_system, send_date,
 * mes, extra }`. A character message with alternatives adds `swipes` (the texts), `swipe_id`
 * (the one shown, whose text is also `mes`) and `swipe_info` (per swipe: `send_date`, `extra`).
 * Dates are read by SillyTavern as a number (ms), its own `2024-5-1 @14h 03m 00s 000ms`, `June 1,
 * 2024 2:03pm`, or anything `moment` parses, ISO 8601 included.
 *
 * Writing: each message's `name` is its speaker's (a group chat's character messages name their
 * own speaker, as SillyTavern's group chats do; the header's `character_name` is the host's), the
 * header's `create_date` in SillyTavern's own form, each `send_date` in ISO 8601,
 * the active variant as `mes`, and what only EGOS knows (a reply's status, why it stopped, when
 * the user edited it, the engine and model) under `extra.egos`, which SillyTavern keeps and
 * ignores; the chat's title and reply form go under `chat_metadata.egos`.
 *
 * Reading ({@link SillyTavernChatReader}): line by line, so a long file can be read in steps with
 * the interface kept responsive between them. A line that is not JSON, or not a message, stops
 * the reading with the line's number; nothing is stored until every line was read. `is_user`
 * decides who speaks for the user (whatever name the user went by); a message by the header's
 * character is the character's; a message by anyone else (a group member, a narrator) is kept as
 * the character's, its text starting with the speaker's name (`Narrator: …`), and counted so
 * the user is told.
 */
import type { Chat } from '../chat.ts';
import { ValidationError } from '../errors/index.ts';
import { msg, type Message as Said } from '../i18n/message.ts';
import type { ChatId, MessageId } from '../ids.ts';
import type { InterruptReason, Message, MessageStatus, MessageVariant } from '../message.ts';
import type { ReplyForm } from '../persona/index.ts';
import { activeVariantIndex, variantsOf } from '../conversation/variants.ts';
import { hasText, speakerLabel, type ChatRecord } from './chat-export.ts';

// ---------------------------------------------------------------------------------------------
// Writing

/** What EGOS keeps of a message (or a swipe) under `extra.egos`; absent fields are the defaults. */
interface EgosExtra {
  status?: Exclude<MessageStatus, 'complete'>;
  interruptReason?: InterruptReason;
  editedAt?: string;
  engine?: string;
  model?: string;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** SillyTavern's own date form (`2024-5-1 @14h 03m 00s 000ms`), in UTC: its reader takes it as UTC. */
export function sillyTavernDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${d.getUTCMonth() + 1}-${d.getUTCDate()} @${two(d.getUTCHours())}h ${two(d.getUTCMinutes())}m ${two(d.getUTCSeconds())}s ${String(d.getUTCMilliseconds()).padStart(3, '0')}ms`;
}

function egosExtra(v: Pick<MessageVariant, 'status' | 'interruptReason' | 'engine' | 'model'>, editedAt?: number): EgosExtra | undefined {
  const extra: EgosExtra = {
    ...(v.status !== 'complete' ? { status: v.status } : {}),
    ...(v.interruptReason ? { interruptReason: v.interruptReason } : {}),
    ...(editedAt !== undefined ? { editedAt: iso(editedAt) } : {}),
    ...(v.engine ? { engine: v.engine } : {}),
    ...(v.model ? { model: v.model } : {}),
  };
  return Object.keys(extra).length > 0 ? extra : undefined;
}

function messageLine(record: ChatRecord, m: Message): Record<string, unknown> {
  const isUser = m.role === 'user';
  const egos = egosExtra(m, m.editedAt);
  const line: Record<string, unknown> = {
    name: speakerLabel(record, m),
    is_user: isUser,
    is_system: false,
    send_date: iso(m.createdAt),
    mes: m.text,
    extra: egos ? { egos } : {},
  };
  const variants = variantsOf(m);
  if (!isUser && variants.length > 1) {
    line.swipe_id = activeVariantIndex(m);
    line.swipes = variants.map((v) => v.text);
    line.swipe_info = variants.map((v) => {
      const extra = egosExtra(v);
      return { send_date: iso(v.createdAt), extra: extra ? { egos: extra } : {} };
    });
  }
  return line;
}

/** A chat as a SillyTavern JSONL file: the header, then one line per message with text. */
export function toSillyTavernJsonl(record: ChatRecord): string {
  const { chat } = record;
  const header = {
    user_name: record.userName,
    character_name: record.characterName,
    create_date: sillyTavernDate(chat.createdAt),
    chat_metadata: { egos: { title: chat.title, ...(chat.replyForm ? { replyForm: chat.replyForm } : {}) } },
  };
  const lines = [header, ...record.messages.filter(hasText).map((m) => messageLine(record, m))];
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The header line of a SillyTavern chat. */
export interface SillyTavernHeader {
  userName: string;
  characterName: string;
  /** `create_date`, when it could be read. */
  createdAt?: number;
  /** The chat's title, when EGOS wrote the file. */
  title?: string;
  replyForm?: ReplyForm;
}

/** A message read from a file, ready to become a stored message. */
export interface ImportedTurn {
  role: Message['role'];
  text: string;
  createdAt?: number;
  status: MessageStatus;
  interruptReason?: InterruptReason;
  editedAt?: number;
  engine?: string;
  model?: string;
  variants?: ImportedVariant[];
  activeVariant?: number;
}

/** One swipe of a message read from a file. */
export interface ImportedVariant {
  text: string;
  createdAt?: number;
  status: MessageStatus;
  interruptReason?: InterruptReason;
  engine?: string;
  model?: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const ST_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2}) ?@(\d{1,2})h ?(\d{1,2})m ?(\d{1,2})s(?: ?(\d{1,3})ms)?$/;
const ST_HUMAN = /^([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})\s+(\d{1,2}):(\d{2})\s*(am|pm)$/i;

/**
 * A date as SillyTavern writes it: a number of milliseconds, ISO 8601, its own
 * `2024-5-1 @14h 03m 00s 000ms` (taken as UTC, as SillyTavern does), or `June 1, 2024 2:03pm`
 * (local time); undefined when it is none of them.
 */
export function readSillyTavernDate(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  const st = ST_DATE.exec(text);
  if (st) {
    const [y, mo, d, h, mi, s, ms] = st.slice(1).map((x) => Number(x ?? 0)) as number[];
    return Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s, ms);
  }
  const human = ST_HUMAN.exec(text);
  if (human) {
    const month = MONTHS.findIndex((m) => m.startsWith((human[1] ?? '').toLowerCase().slice(0, 3)));
    if (month < 0) return undefined;
    const hour = (Number(human[4]) % 12) + ((human[6] ?? '').toLowerCase() === 'pm' ? 12 : 0);
    return new Date(Number(human[3]), month, Number(human[2]), hour, Number(human[5])).getTime();
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const parsed = Date.parse(text);
  return Number.isFinite(parsed) ? parsed : undefined;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const STATUSES: readonly MessageStatus[] = ['complete', 'interrupted', 'error', 'streaming'];
const REASONS: readonly InterruptReason[] = ['user-stop', 'max-tokens', 'crash', 'engine-error'];

/** What `extra.egos` says, when EGOS wrote the line; a reply left streaming is read as interrupted. */
function readEgos(extra: unknown): Omit<ImportedVariant, 'text' | 'createdAt'> & { editedAt?: number } {
  const egos = isObject(extra) && isObject(extra.egos) ? extra.egos : {};
  const status = STATUSES.find((s) => s === egos.status) ?? 'complete';
  const reason = REASONS.find((r) => r === egos.interruptReason);
  const editedAt = readSillyTavernDate(egos.editedAt);
  return {
    status: status === 'streaming' ? 'interrupted' : status,
    ...(status === 'streaming' ? { interruptReason: 'crash' as const } : reason ? { interruptReason: reason } : {}),
    ...(editedAt !== undefined ? { editedAt } : {}),
    ...(typeof egos.engine === 'string' ? { engine: egos.engine } : {}),
    ...(typeof egos.model === 'string' ? { model: egos.model } : {}),
  };
}

/** The end of the text without its trailing white space (no copy of the text is made). */
function endOfContent(text: string): number {
  let end = text.length;
  while (end > 0 && /\s/.test(text.charAt(end - 1))) end--;
  return end;
}

/** How many lines `text` has up to `end` (counted without splitting it). */
function lineCount(text: string, end: number): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

/**
 * Reads a SillyTavern chat line by line ({@link SillyTavernChatReader.read} in steps), refusing a
 * malformed or foreign file with the number of the line that is wrong.
 */
export class SillyTavernChatReader {
  readonly header: SillyTavernHeader;
  /** The messages read so far, in order. */
  readonly turns: ImportedTurn[] = [];
  /** Names of speakers other than the user and the character, with how many messages each wrote. */
  readonly otherSpeakers = new Map<string, number>();
  /** The file's text (no byte-order mark), read line by line from `#at`; dropped once read, so it can be freed. */
  #text: string;
  readonly #end: number;
  #at = 0;
  readonly #total: number;
  readonly #file: string;
  /** The 0-based index of the next line (0 is the header). */
  #next = 0;

  /**
   * Reads the header (line 1). The text is not split up front: a long file is read in steps,
   * each scanning only its own lines.
   * @throws ValidationError `empty` for an empty file, `bad-json` when line 1 is not JSON, `wrong-type` when it is not a SillyTavern chat header.
   */
  constructor(text: string, fileName: string) {
    this.#file = fileName;
    this.#text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    this.#end = endOfContent(this.#text);
    if (this.#end === 0) throw new ValidationError('empty', msg('chatFile.error.empty', { name: fileName }));
    this.#total = lineCount(this.#text, this.#end) - 1;
    const first = this.#nextLine();
    if (first.trim() === '') throw new ValidationError('wrong-type', msg('chatFile.error.noHeader', { name: fileName }));
    this.header = this.#readHeader(first, this.#text);
  }

  /** The next line without its line break; advances. */
  #nextLine(): string {
    let stop = this.#text.indexOf('\n', this.#at);
    if (stop === -1 || stop > this.#end) stop = this.#end;
    const line = this.#text.slice(this.#at, stop);
    this.#at = stop + 1;
    this.#next++;
    return line.endsWith('\r') ? line.slice(0, -1) : line;
  }

  /** Lines in the file after the header. */
  get total(): number {
    return this.#total;
  }

  /** Lines read so far after the header. */
  get done(): number {
    return this.#next - 1;
  }

  /** True once every line was read. */
  get finished(): boolean {
    return this.#next > this.#total;
  }

  /**
   * Reads up to `count` more lines (blank lines are skipped); at the end, a file without any
   * message is refused.
   * @throws ValidationError naming the line that is not JSON or not a chat message.
   */
  read(count: number): void {
    const end = Math.min(this.#total + 1, this.#next + count);
    while (this.#next < end) {
      const lineNumber = this.#next + 1;
      const line = this.#nextLine();
      if (line.trim() !== '') this.turns.push(this.#readMessage(line, lineNumber));
    }
    if (!this.finished) return;
    this.#text = '';
    if (this.turns.length === 0) throw new ValidationError('empty', msg('chatFile.error.noMessages', { name: this.#file }));
  }

  /** Reads every line left (small files, tests). */
  readAll(): this {
    this.read(Number.MAX_SAFE_INTEGER);
    return this;
  }

  /** What the user should know about the reading: messages by other speakers kept with their names. */
  get warnings(): Said[] {
    if (this.otherSpeakers.size === 0) return [];
    const count = [...this.otherSpeakers.values()].reduce((a, b) => a + b, 0);
    return [msg('chatFile.otherSpeakers', { count, names: [...this.otherSpeakers.keys()].slice(0, 5).join(', '), character: this.header.characterName })];
  }

  #parse(line: string, lineNumber: number): unknown {
    try {
      return JSON.parse(line) as unknown;
    } catch (error) {
      const detail = error instanceof Error ? error.message.slice(0, 120) : String(error);
      throw new ValidationError('bad-json', msg('chatFile.error.notJson', { name: this.#file, line: lineNumber, detail }), { cause: error });
    }
  }

  #readHeader(line: string, whole: string): SillyTavernHeader {
    let value: unknown;
    try {
      value = this.#parse(line, 1);
    } catch (error) {
      // One JSON document over several lines (another app's export, a card): say so rather than "line 1".
      if (isWholeJson(whole)) throw new ValidationError('wrong-type', msg('chatFile.error.wholeJson', { name: this.#file }), { cause: error });
      throw error;
    }
    if (!isObject(value) || typeof value.user_name !== 'string' || typeof value.character_name !== 'string') {
      throw new ValidationError('wrong-type', msg('chatFile.error.noHeader', { name: this.#file }));
    }
    const characterName = value.character_name.trim();
    if (characterName === '') throw new ValidationError('wrong-type', msg('chatFile.error.noCharacter', { name: this.#file }));
    const meta = isObject(value.chat_metadata) && isObject(value.chat_metadata.egos) ? value.chat_metadata.egos : {};
    const createdAt = readSillyTavernDate(value.create_date);
    const form = meta.replyForm === 'line' || meta.replyForm === 'scene' ? meta.replyForm : undefined;
    return {
      userName: value.user_name.trim(),
      characterName,
      ...(createdAt !== undefined ? { createdAt } : {}),
      ...(typeof meta.title === 'string' && meta.title.trim() !== '' ? { title: meta.title.trim().slice(0, 200) } : {}),
      ...(form ? { replyForm: form } : {}),
    };
  }

  #bad(lineNumber: number, field: string, expected: Said): ValidationError {
    return new ValidationError('invalid', msg('chatFile.error.badField', { name: this.#file, line: lineNumber, field, expected }));
  }

  #readMessage(line: string, lineNumber: number): ImportedTurn {
    const value = this.#parse(line, lineNumber);
    if (!isObject(value)) throw new ValidationError('invalid', msg('chatFile.error.notMessage', { name: this.#file, line: lineNumber }));
    if (typeof value.mes !== 'string') {
      if (value.mes === undefined) throw new ValidationError('invalid', msg('chatFile.error.notMessage', { name: this.#file, line: lineNumber }));
      throw this.#bad(lineNumber, 'mes', msg('chatFile.expected.text'));
    }
    if (value.name !== undefined && typeof value.name !== 'string') throw this.#bad(lineNumber, 'name', msg('chatFile.expected.text'));
    if (value.is_user !== undefined && typeof value.is_user !== 'boolean') throw this.#bad(lineNumber, 'is_user', msg('chatFile.expected.boolean'));
    const name = typeof value.name === 'string' ? value.name.trim() : '';
    const isUser = value.is_user === true;
    const other = !isUser && name !== '' && !sameName(name, this.header.characterName);
    if (other) this.otherSpeakers.set(name, (this.otherSpeakers.get(name) ?? 0) + 1);
    const prefix = other ? `${name}: ` : '';
    const createdAt = readSillyTavernDate(value.send_date);
    const { editedAt, ...egos } = readEgos(value.extra);
    const turn: ImportedTurn = {
      role: isUser ? 'user' : 'assistant',
      text: prefix + value.mes,
      ...(createdAt !== undefined ? { createdAt } : {}),
      ...egos,
      ...(editedAt !== undefined ? { editedAt } : {}),
    };
    if (isUser || value.swipes === undefined) return turn;
    const swipes = value.swipes;
    if (!Array.isArray(swipes) || swipes.some((s) => typeof s !== 'string')) throw this.#bad(lineNumber, 'swipes', msg('chatFile.expected.texts'));
    if (swipes.length < 2) return turn;
    const info = Array.isArray(value.swipe_info) ? (value.swipe_info as unknown[]) : [];
    const asked = value.swipe_id;
    if (asked !== undefined && (typeof asked !== 'number' || !Number.isInteger(asked)))
      throw this.#bad(lineNumber, 'swipe_id', msg('chatFile.expected.number'));
    // SillyTavern shows `mes`; a swipe_id outside the list falls back to the swipe holding that text.
    const active = typeof asked === 'number' && asked >= 0 && asked < swipes.length ? asked : Math.max(0, swipes.indexOf(value.mes));
    // The shown swipe mirrors the message (its text is `mes`, its state the message's `extra`).
    const variants = (swipes as string[]).map((text, i): ImportedVariant => {
      const about = isObject(info[i]) ? info[i] : {};
      const at = readSillyTavernDate(about.send_date) ?? (i === active ? createdAt : undefined);
      const { editedAt: _edited, ...state } = i === active ? readEgos(value.extra) : readEgos(about.extra);
      return { text: i === active ? turn.text : prefix + text, ...(at !== undefined ? { createdAt: at } : {}), ...state };
    });
    return { ...turn, variants, activeVariant: active };
  }
}

/** True when the whole text is one JSON object or array (not JSON Lines). */
function isWholeJson(text: string): boolean {
  const t = text.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Into storage

/** What the importer decides about a new chat: its title when the file has none, and the user's "you" in it. */
export interface ImportedChatFields {
  fallbackTitle: string;
  userPersonaId?: string;
}

/** The chat an import creates, from the header and `fields`. */
export function importedChat(
  header: SillyTavernHeader,
  ids: { chat: ChatId; persona: Chat['personaId'] },
  fields: ImportedChatFields,
  now: number,
  firstAt?: number,
): Chat {
  const createdAt = header.createdAt ?? firstAt ?? now;
  return {
    id: ids.chat,
    personaId: ids.persona,
    title: header.title ?? fields.fallbackTitle,
    createdAt,
    updatedAt: now,
    ...(header.replyForm ? { replyForm: header.replyForm } : {}),
    ...(fields.userPersonaId !== undefined ? { userPersonaId: fields.userPersonaId } : {}),
  };
}

/**
 * Turns read messages into stored ones, `seq` counting on from `firstSeq`. A message without a
 * readable date takes the one before it (`previousAt` for the first), so times never go back.
 */
export function importedMessages(turns: readonly ImportedTurn[], chatId: ChatId, firstSeq: number, previousAt: number, newId: () => MessageId): Message[] {
  let at = previousAt;
  return turns.map((turn, i) => {
    at = turn.createdAt ?? at;
    const { variants, activeVariant, createdAt: _createdAt, ...fields } = turn;
    const message: Message = { ...fields, id: newId(), chatId, seq: firstSeq + i, createdAt: at, updatedAt: turn.editedAt ?? at };
    if (!variants) return message;
    const stored = variants.map((v): MessageVariant => ({ ...v, createdAt: v.createdAt ?? at }));
    return { ...message, variants: stored, activeVariant: activeVariant ?? 0 };
  });
}
