import type { cardsEn } from './cards.en.ts';

/** The Chinese texts of card import: CHARX files and the review page (section `cards`), typed by the English keys. */
export const cardsZh: Readonly<Record<keyof typeof cardsEn, string>> = {
  // Character cards: CHARX (a zip holding card.json and the card's pictures and other files)
  'charx.error.notZip': '这个文件不是可读取的 ZIP 压缩包（可能已损坏或不完整），所以不是 CHARX 角色卡。请重新下载角色卡。',
  'charx.error.tooManyFiles': '这张 CHARX 角色卡包含 {count} 个文件，EGOS 最多打开 {max} 个。它可能是“压缩炸弹”，因此没有导入任何内容。请换一张角色卡。',
  'charx.error.tooLargeUnpacked': '这张 CHARX 角色卡解压后有 {size} MB，EGOS 最多解压 {max} MB。它可能是“压缩炸弹”，因此没有导入任何内容。请换一张角色卡。',
  'charx.error.ratio': '这张 CHARX 角色卡中的“{path}”压缩比高达 {ratio} 比 1，远超任何正常文件，看起来是“压缩炸弹”，因此没有打开。没有导入任何内容。',
  'charx.error.unsafePath':
    '这张 CHARX 角色卡中有一个名为“{path}”的文件，它指向角色卡之外（含 ..、绝对路径或反斜杠）。没有导入任何内容；这张角色卡可能是恶意文件。',
  'charx.error.duplicate': '这张 CHARX 角色卡中“{path}”出现了两次，无法确定该用哪一个。没有导入任何内容；请在原应用中重新导出角色卡。',
  'charx.error.encrypted': '这张 CHARX 角色卡设有密码（“{path}”已加密），EGOS 无法打开。请导出不带密码的角色卡。',
  'charx.error.method': '这张 CHARX 角色卡中的“{path}”使用了 EGOS 无法读取的压缩方式（方式 {method}）。请用标准 ZIP 压缩重新导出角色卡。',
  'charx.error.noCard': '这个 ZIP 压缩包的顶层没有 card.json，所以不是 CHARX 角色卡。请选择 .charx、.png 或 .json 格式的角色卡。',
  'charx.error.damaged': '这张 CHARX 角色卡中的“{path}”已损坏（大小或校验和不符）。请重新下载角色卡。',
  'charx.warning.iconMissing': '角色卡指定的图片是“{path}”，但角色卡中没有这个文件，所以该角色没有头像。',
  'charx.warning.iconNotImage': '角色卡的图片“{path}”不是 PNG、JPEG、WebP、GIF 或 AVIF 图片，因此没有使用。',
  'charx.warning.filesDropped': '这张角色卡有 {count} 个文件（{size} MB；EGOS 最多保留一张角色卡 {max} MB 的附加文件）没有保留，导出时将缺少它们：{paths}。',
  // Card import
  'import.reviewTitle': '检查导入的角色',
  'import.reviewIntro': '导入自“{file}”。请检查各项内容后保存；保存之前不会存储任何内容。',
  'import.warnings': '导入提示',
  'import.title': '导入角色卡',
  'import.intro': '选择一张角色卡（PNG 或 JSON，支持 Character Card V1、V2、V3）。保存前你可以检查并修改。',
  // Card import: a card you already have
  'import.duplicate.title': '你已经有{name}了',
  'import.duplicate.intro': '“{file}”是{creator}制作的{name}的角色卡，和你已有的一个角色相同。',
  'import.duplicate.introNoCreator': '“{file}”是{name}的角色卡，和你已有的一个角色相同（两者都没有写明作者）。',
  'import.duplicate.saved': '那个角色最后修改于 {date}。',
  'import.duplicate.replace': '替换',
  'import.duplicate.replaceHelp': '先检查这张卡，保存后替换{name}；它的对话、记忆和设定集都会保留。',
  'import.duplicate.keepBoth': '两个都保留',
  'import.duplicate.keepBothHelp': '先检查这张卡，然后另存为一个新角色，旧的保持不变。',
  'import.duplicate.cancelHelp': '什么都不导入。',
  'import.reviewReplaceTitle': '检查将替换{name}的角色卡',
  'import.reviewReplaceIntro': '从“{file}”导入。保存后会替换{name}，并保留它的对话、记忆和设定集；保存之前什么都不会改变。',
};
