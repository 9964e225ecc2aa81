import { addSection } from '../sections.ts';

/** The English texts of card import: CHARX files and the review page (section `cards`: keys `charx.`, `import.`); registered when this part of the app loads. */
export const cardsEn = addSection('cards', {
  // Character cards: CHARX (a zip holding card.json and the card's pictures and other files)
  'charx.error.notZip': 'This file is not a readable ZIP archive (it may be damaged or incomplete), so it is no CHARX card. Download the card again.',
  'charx.error.tooManyFiles':
    'This CHARX card holds {count} files; EGOS opens at most {max}. It may be a zip bomb, so nothing was imported. Pick another card.',
  'charx.error.tooLargeUnpacked':
    'This CHARX card would unpack to {size} MB; EGOS unpacks at most {max} MB. It may be a zip bomb, so nothing was imported. Pick another card.',
  'charx.error.ratio':
    '"{path}" in this CHARX card is compressed {ratio} to 1, far beyond any real file: it looks like a zip bomb and was not opened. Nothing was imported.',
  'charx.error.unsafePath':
    'This CHARX card holds a file named "{path}", which points outside the card (.., an absolute path or a backslash). Nothing was imported; the card may be malicious.',
  'charx.error.duplicate': 'This CHARX card holds "{path}" twice, so it is not clear which one to use. Nothing was imported; re-export the card from its app.',
  'charx.error.encrypted': 'This CHARX card is password-protected ("{path}" is encrypted), which EGOS cannot open. Re-export the card without a password.',
  'charx.error.method':
    '"{path}" in this CHARX card is compressed with a method EGOS cannot read (method {method}). Re-export the card with standard ZIP compression.',
  'charx.error.noCard': 'This ZIP archive has no card.json at its top level, so it is not a CHARX character card. Pick a .charx, .png or .json card.',
  'charx.error.damaged': '"{path}" in this CHARX card is damaged (its size or checksum does not match). Download the card again.',
  'charx.warning.iconMissing': 'The card names its picture "{path}", but that file is not in the card, so the persona has no picture.',
  'charx.warning.iconNotImage': 'The card\'s picture "{path}" is not a PNG, JPEG, WebP, GIF or AVIF image, so it was not used.',
  'charx.warning.filesDropped':
    "{count} files of this card ({size} MB; EGOS keeps up to {max} MB of a card's extra files) were not kept and will be missing when you export it: {paths}.",
  // Card import
  'import.reviewTitle': 'Review imported character',
  'import.reviewIntro': 'Imported from “{file}”. Check the fields, then save; nothing is stored until you do.',
  'import.warnings': 'Import warnings',
  'import.title': 'Import a character card',
  'import.intro': 'Pick a character card (PNG or JSON, Character Card V1, V2 or V3). You can review and edit it before it is saved.',
  // Card import: a card you already have
  'import.duplicate.title': 'You already have {name}',
  'import.duplicate.intro': '“{file}” is a card of {name} by {creator}, like a persona you already have.',
  'import.duplicate.introNoCreator': '“{file}” is a card of {name}, like a persona you already have (neither names a creator).',
  'import.duplicate.saved': 'That persona was last changed {date}.',
  'import.duplicate.replace': 'Replace',
  'import.duplicate.replaceHelp': 'Review the card, then it replaces {name}; its chats, memories and books stay.',
  'import.duplicate.keepBoth': 'Keep both',
  'import.duplicate.keepBothHelp': 'Review the card, then save it as a new persona next to the old one.',
  'import.duplicate.cancelHelp': 'Import nothing.',
  'import.reviewReplaceTitle': 'Review the card that replaces {name}',
  'import.reviewReplaceIntro': 'Imported from “{file}”. Saving replaces {name}, keeping its chats, memories and books; nothing changes until you save.',
} as const);
