import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { Message, MessageVariant } from '../message.ts';

/** The fields a variant carries and mirrors onto its message's top level when active. */
const MIRRORED = ['text', 'raw', 'status', 'engine', 'model', 'usage', 'interruptReason', 'error', 'why', 'rating'] as const;

type Mirrored = (typeof MIRRORED)[number];

/** Copies `from`'s mirrored fields onto `onto`; a field `from` lacks is removed. */
function copyMirrored<T extends Partial<Record<Mirrored, unknown>>>(onto: T, from: Partial<Record<Mirrored, unknown>>): T {
  const out: Record<string, unknown> = { ...onto };
  for (const key of MIRRORED) {
    if (from[key] === undefined) delete out[key];
    else out[key] = from[key];
  }
  return out as T;
}

/** The index of the active variant, clamped to the list. */
function activeIndex(message: Message, count: number): number {
  const index = message.activeVariant ?? 0;
  return Number.isInteger(index) && index >= 0 && index < count ? index : count - 1;
}

/**
 * The message's alternatives (swipes). A message without `variants` has one: its own content
 * (text, raw, status, createdAt, engine, model, usage, interrupt reason, error, why).
 */
export function variantsOf(message: Message): MessageVariant[] {
  if (message.variants && message.variants.length > 0) return message.variants;
  return [copyMirrored({ text: message.text, status: message.status, createdAt: message.createdAt }, message)];
}

/** The active variant's position in {@link variantsOf} (0 for a message without variants). */
export function activeVariantIndex(message: Message): number {
  return message.variants && message.variants.length > 0 ? activeIndex(message, message.variants.length) : 0;
}

/** The message showing `variants[index]`: its fields mirrored on top, `activeVariant` set. */
function show(message: Message, variants: MessageVariant[], index: number, now: number): Message {
  const variant = variants[index] as MessageVariant;
  return { ...copyMirrored(message, variant), variants, activeVariant: index, updatedAt: now };
}

/**
 * Appends `variant` as a new alternative and makes it active; its content is mirrored onto
 * the message. Earlier alternatives are kept (a message without variants first turns its
 * current content into variant 0).
 */
export function addVariant(message: Message, variant: MessageVariant, now: number): Message {
  const variants = [...variantsOf(message), variant];
  return show(message, variants, variants.length - 1, now);
}

/**
 * Makes variant `index` the active one and mirrors it onto the message.
 * @throws ValidationError (`invalid`) when there is no variant at `index`.
 */
export function selectVariant(message: Message, index: number, now: number): Message {
  const variants = variantsOf(message);
  if (!Number.isInteger(index) || index < 0 || index >= variants.length) {
    throw new ValidationError('invalid', msg('conversation.error.noSuchVersion', { count: variants.length, number: index + 1 }));
  }
  return show(message, variants, index, now);
}

/**
 * Updates the active variant (while it streams, or after an edit) and mirrors it onto the
 * message. A message without variants just gets the changes on its top-level fields.
 */
export function replaceActiveVariant(message: Message, changes: Partial<MessageVariant>, now: number): Message {
  if (!message.variants || message.variants.length === 0) {
    const { createdAt: _createdAt, ...fields } = changes;
    return { ...message, ...fields, updatedAt: now };
  }
  const index = activeIndex(message, message.variants.length);
  const variant = { ...(message.variants[index] as MessageVariant), ...changes };
  return show(message, message.variants.with(index, variant), index, now);
}

/**
 * Removes variant `index`; the active one stays active (or its neighbour becomes active when
 * it is the one removed). A message left with one variant keeps it as a one-item list.
 * @throws ValidationError (`invalid`) when there is no variant at `index` or it is the only one.
 */
export function removeVariant(message: Message, index: number, now: number): Message {
  const variants = variantsOf(message);
  if (!Number.isInteger(index) || index < 0 || index >= variants.length) {
    throw new ValidationError('invalid', msg('conversation.error.noVersionToDelete', { number: index + 1 }));
  }
  if (variants.length === 1) {
    throw new ValidationError('invalid', msg('conversation.error.onlyVersion'));
  }
  const active = activeVariantIndex(message);
  const next = variants.filter((_, i) => i !== index);
  const keep = active > index ? active - 1 : Math.min(active, next.length - 1);
  return show(message, next, keep, now);
}
