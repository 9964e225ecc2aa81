import type { booksEn } from './books.en.ts';

/** The Chinese texts of world book files: import and export (section `books`), typed by the English keys. */
export const booksZh: Readonly<Record<keyof typeof booksEn, string>> = {
  // World books
  // World book files: import and export
  'book.error.inFile': '“{file}”：{error}',
  'book.error.empty': '这个文件是空的。请选择一个世界书文件（JSON）。',
  'book.error.tooLarge': '这个文件有 {size} MB；世界书文件最大 {max} MB。没有导入任何内容。',
  'book.error.image': '这个文件是图片，不是世界书。角色卡 PNG 请在“角色”页面用“导入角色卡”导入。',
  'book.error.notText': '这个文件不是文本（不是 UTF-8），所以不是世界书。世界书是 JSON 文件。',
  'book.error.notJson': '这个文件不是有效的 JSON{detail}，所以不是世界书。请在原应用中重新导出。',
  'book.error.tooDeep': '这个文件的嵌套超过 {depth} 层，EGOS 不接受。没有导入任何内容。',
  'book.error.notObject': '这个 JSON 文件不是世界书：世界书是一个带有“entries”的对象。没有导入任何内容。',
  'book.error.isBackup': '这个文件是 EGOS 备份，不是世界书。请在“数据”页面恢复它。',
  'book.error.isCard': '这个文件是角色卡，不是世界书。请在“角色”页面用“导入角色卡”导入，卡中的设定集会一起导入。',
  'book.error.unknownSpec': '这个文件的格式是“{format}”，不是 EGOS 能读取的世界书。没有导入任何内容。',
  'book.error.unknownFormat':
    '这个 JSON 文件不是 EGOS 能读取的世界书。EGOS 能读取 SillyTavern 世界信息（World Info）、角色卡中的设定集、RisuAI 设定集和 Agnai 记忆书。没有导入任何内容。',
  'book.error.tooManyEntries': '这本书有 {count} 个条目；一本书最多 {max} 个。请把它拆成几本小书。没有导入任何内容。',
  'book.field.wrongType': '世界书的字段“{path}”应为{expected}，实际却是{actual}。文件已损坏或不是世界书；没有导入任何内容。',
  'book.expected.entriesObject': '以 uid 为键的条目对象（SillyTavern 世界信息）',
  'book.warning.examplePositions': '在 SillyTavern 中放在示例对话里的条目：{count} 个。EGOS 把它们放在角色设定之前。',
  'book.warning.risuFolders': 'RisuAI 的文件夹不是条目，没有列入：{count} 个。文件夹里的条目已导入。',
  'book.warning.agnaiWildcards': '关键词中带有 * 或 ? 通配符的条目：{count} 个。EGOS 按字面匹配这些字符；需要时请修改这些关键词。',
};
