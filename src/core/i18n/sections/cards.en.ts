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
  // Moved from the start-up catalogue: card.
  'card.error.inFile': '"{file}": {error}',
  'card.error.empty': 'This file is empty. Pick a character card file.',
  'card.error.tooLarge': 'This file is {size} MB; character cards can be at most {max} MB. Pick a smaller card file.',
  'card.error.otherFormat': 'This file is {format}; EGOS reads character cards as PNG, JSON or CHARX. Export the card as PNG, JSON or CHARX and try again.',
  'card.format.jpeg': 'a JPEG image',
  'card.format.webp': 'a WebP image',
  'card.format.gif': 'a GIF image',
  'card.format.zip': 'a ZIP archive (such as a .charx card)',
  'card.error.namedPng': 'This file is named .png but is not a PNG image (it may be damaged or renamed). Pick a real PNG character card.',
  'card.error.notCardFile': 'This file is neither a PNG, JSON nor CHARX character card. Pick a .png, .json or .charx character card.',

  'card.png.notPng': 'This file is not a PNG image. Pick a PNG character card or a JSON card file.',
  'card.png.truncated': 'This PNG file is incomplete (it ends in the middle of its data). Download the card again and re-import it.',
  'card.png.damaged': 'This PNG file is damaged ({detail}). Download the card again and re-import it.',
  'card.png.tooManyChunks': 'it has more than {max} chunks',
  'card.png.impossibleLength': 'a chunk claims an impossible length',
  'card.png.badChunkName': 'a chunk has an invalid name',
  'card.png.noCharacter': 'This PNG has no character data in it.',
  'card.png.plainImage': 'This PNG has no character data in it (it is a plain image). Pick a character card PNG, or a JSON card.',
  'card.png.checksum': 'The character data inside this PNG is damaged (its checksum does not match). Download the card again and re-import it.',
  'card.png.compressed':
    'This PNG stores its character data compressed (zTXt/iTXt), which EGOS cannot read. Re-export the card from its app as a standard PNG card.',
  'card.png.malformed': 'The character data inside this PNG is malformed. Download the card again and re-import it.',
  'card.base64.damaged': 'The character data inside this image is damaged ({detail}). Re-download or re-export the card and try again.',
  'card.base64.badCharacter': 'unexpected character at position {position}',
  'card.base64.paddingInMiddle': 'padding in the middle of the data',
  'card.base64.badLength': 'its length is not valid base64',
  'card.base64.tooMuchPadding': 'too much padding',

  'card.json.notUtf8': 'The character data is not valid UTF-8 text. Re-export the card from the app that made it.',
  'card.json.invalid': 'The character data is not valid JSON{detail}. Re-export the card or fix the file in a text editor.',
  'card.json.notObject': 'The character data should be a JSON object ({example}) but is not. Pick a character card file.',
  'card.json.tooDeep': 'The character data is nested more than {depth} levels deep, which EGOS does not accept. Pick another card.',
  'card.spec.loreBook': 'This file is a lore book, not a character card. Import a character card instead.',
  'card.spec.unknown': 'This card uses the format "{format}", which EGOS cannot read. EGOS reads Character Card V1, V2 and V3.',
  'card.spec.noCard': 'This JSON file is not a character card (it has no name, description or first message). Pick a character card file.',
  'card.field.wrongType': 'The card\'s field "{path}" should be {expected} but is {actual}. Fix it in the card\'s editor or pick another file.',
  'card.expected.characterObject': 'an object holding the character',
  'card.expected.specText': 'text such as "chara_card_v2"',
  'card.expected.text': 'text',
  'card.expected.textList': 'a list of text',
  'card.expected.boolean': 'true or false',
  'card.expected.number': 'a number',
  'card.expected.object': 'an object',
  'card.expected.list': 'a list',
  'card.expected.language': '"en" or "zh"',
  'card.expected.replyForm': '"line" or "scene"',
  'card.expected.wholeNumber': 'a whole number from 0 up',
  'card.expected.protectiveScene':
    'a scene with a kind ("anachronism", "false-relationship", "out-of-world" or "unknown-topic"), a user line and a character line',
  'card.jsonType.null': 'empty (null)',
  'card.jsonType.list': 'a list',
  'card.jsonType.text': 'text',
  'card.jsonType.number': 'a number',
  'card.jsonType.boolean': 'true/false',
  'card.jsonType.object': 'an object',
  'card.jsonType.unknown': '{type}',

  'card.warning.v3Unreadable': "The card's V3 data could not be read ({error}); its V2 copy was used instead.",
  'card.warning.egosSettings': 'The EGOS settings stored in this card were not used: {error}',
  'card.warning.newerFormat': 'This card was made with a newer card format (version {version}); features EGOS does not know are kept but not used.',
  'card.warning.noName': 'The card has no name, so it was named "{name}". You can rename it in the editor.',
  'card.warning.markup':
    'This card contains HTML or script in: {fields}{more}. EGOS keeps the text but shows it as plain text and never runs it; check those fields before chatting.',
  'card.warning.markupMore': ' and {count} more',

  'card.error.noZip': 'This copy of EGOS cannot make or open CHARX files (its zip part is missing). Export the card as PNG or JSON instead.',
} as const);
