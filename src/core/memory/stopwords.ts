/**
 * Small stopword lists for BM25. They only drop words so common that they carry no topic and
 * would make every query scan nearly every document; pronouns that tell who did what in a
 * role-play (I/you, 我/你) are kept on purpose.
 */
export const STOPWORDS_EN: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then so of to in on at by for with from as is are was were be been being ' +
    'am do does did has have had this that these those it its there here into onto over under than ' +
    'too very can could would should will shall may might must just also not no yes oh ah um uh'
  ).split(' '),
);

/** Function words and particles of modern Chinese. */
export const STOPWORDS_ZH: ReadonlySet<string> = new Set(
  '的 了 着 过 地 得 吗 呢 吧 啊 呀 哦 嗯 么 之 和 与 及 或 而 并 且 也 都 就 还 又 在 是 有 这 那 这个 那个 一个 把 被 让 给 从 向 对 于 为 以 因为 所以 但是 可是 如果 那么 什么 怎么'.split(
    ' ',
  ),
);

/** English and Chinese stopwords together, the default for memory search. */
export const DEFAULT_STOPWORDS: ReadonlySet<string> = new Set([...STOPWORDS_EN, ...STOPWORDS_ZH]);
