import { type AvatarImage, checkAvatarFile, type ImageThumbnailer, makeThumbnail, MAX_AVATAR_FILE_BYTES } from '../../core/avatar.ts';
import { ValidationError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import { type PickedFile, readPickedFile } from './card-transfer.svelte.ts';

/** A picture ready to keep: the original (for a persona, what a card export writes) and the thumbnail screens show. */
export interface AvatarPair {
  avatar: AvatarImage;
  thumb: AvatarImage;
}

/**
 * Reads a picked picture file into an avatar and its thumbnail; nothing is stored.
 * @throws ValidationError naming the file and the problem: too large, not a picture, cannot be
 *   decoded, no thumbnailer in this browser.
 */
export async function readAvatarFile(file: PickedFile, thumbnailer: ImageThumbnailer | undefined): Promise<AvatarPair> {
  const avatar = checkAvatarFile(await readPickedFile(file, MAX_AVATAR_FILE_BYTES), file.name);
  try {
    if (!thumbnailer) throw new ValidationError('unsupported', msg('avatar.error.noDecoder'));
    return { avatar, thumb: await makeThumbnail(avatar, thumbnailer) };
  } catch (error) {
    if (error instanceof ValidationError)
      throw new ValidationError(error.code, msg('avatar.error.inFile', { name: file.name, error: error.text }), { cause: error });
    throw error;
  }
}
