/** What the boundary's era text says about the character's world. */
export interface EraTraits {
  /** Before modern technology (a year before 1950, a century up to the 19th, BC, "medieval", "唐朝"…). */
  preModern: boolean;
  /** An invented world (fantasy, magic, another planet…), where real places and facts do not exist. */
  fictional: boolean;
}

const PRE_MODERN_WORDS =
  /\b(ancient|antiquity|medieval|middle ages|renaissance|baroque|victorian|regency|edwardian|georgian|elizabethan|tudor|feudal|edo|meiji|viking|bronze age|iron age|stone age|prehistoric|dynasty|pharaoh|roman empire|classical greece)\b|古代|上古|远古|中世纪|文艺复兴|维多利亚|江户|战国|春秋|三国|秦朝|汉朝|唐朝|宋朝|元朝|明朝|清朝|民国|朝代|王朝|古罗马|古希腊|石器时代/i;

const FICTIONAL_WORDS =
  /\b(fantasy|magic|magical|wizard|sorcery|elves|elven|dragons?|realm|kingdom of|another world|isekai|middle-earth|galaxy|galactic|starship|planet|space station|post-apocalyptic|cyberpunk|dystopia)\b|魔法|魔幻|奇幻|异世界|修仙|仙侠|玄幻|江湖|王国|星球|星际|宇宙|银河|末日|赛博/i;

const ZH_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Value of a small Chinese numeral (1–99), e.g. 十八 → 18; NaN when unreadable. */
function zhNumber(text: string): number {
  const [tens, ones] = text.includes('十') ? text.split('十') : ['', text];
  const t = tens === undefined || tens === '' ? (text.includes('十') ? 1 : 0) : (ZH_DIGITS[tens] ?? Number.NaN);
  const o = ones === undefined || ones === '' ? 0 : (ZH_DIGITS[ones] ?? Number.NaN);
  return t * 10 + o;
}

/** Earliest year mentioned (BC years negative), or null. */
function yearOf(era: string): number | null {
  if (/\b\d{1,4}\s*(BC|BCE|B\.C\.)|公元前/i.test(era)) return -1;
  const years = [...era.matchAll(/(?<!\d)(\d{3,4})(?!\d)(?:\s*年)?/g)].map((m) => Number(m[1]));
  const century = /(\d{1,2})(?:st|nd|rd|th)\s+century/i.exec(era) ?? /(\d{1,2})\s*世纪/.exec(era);
  if (century) years.push((Number(century[1]) - 1) * 100);
  const zhCentury = /([一二三四五六七八九十]+)世纪/.exec(era);
  if (zhCentury) years.push((zhNumber(zhCentury[1] ?? '') - 1) * 100);
  const valid = years.filter((y) => Number.isFinite(y));
  return valid.length > 0 ? Math.min(...valid) : null;
}

/**
 * Reads an era description with simple, deterministic rules (keywords in English and
 * Chinese, years and centuries). Unknown text gives `{ preModern: false, fictional: false }`.
 */
export function eraTraits(era: string): EraTraits {
  const year = yearOf(era);
  return {
    preModern: (year !== null && year < 1950) || PRE_MODERN_WORDS.test(era),
    fictional: FICTIONAL_WORDS.test(era),
  };
}
