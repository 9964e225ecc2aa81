import { imageDataUrl, type AvatarImage } from '../../core/avatar.ts';

/** `data:` URLs made so far, by thumbnail (a persona's thumbnail object is replaced, never changed, when it changes). */
const made = new WeakMap<AvatarImage, string>();

/** The `data:` URL of a persona's thumbnail (made once per thumbnail), or null for the initial. */
export function thumbUrl(persona: { avatarThumb?: AvatarImage | undefined }): string | null {
  const thumb = persona.avatarThumb;
  if (!thumb) return null;
  let url = made.get(thumb);
  if (url === undefined) {
    url = imageDataUrl(thumb);
    made.set(thumb, url);
  }
  return url;
}
