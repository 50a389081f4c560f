// Counts in plain English (issue 15 §6): "1 action", "2 actions", "1 person", "3 people". The one helper for
// every count shown: the Nunjucks filter `plural` (src/views/env.ts) and strings built in TypeScript alike.

/** Nouns whose plural is not made by adding "s" or "es" (and those whose "s" the rules below would get wrong). */
const IRREGULAR: Readonly<Record<string, string>> = {
  person: 'people',
  child: 'children',
  man: 'men',
  woman: 'women',
  analysis: 'analyses',
  criterion: 'criteria',
  datum: 'data',
  'data set': 'data sets',
};

/** The plural of a noun, or of a phrase's last word ("lateral check" → "lateral checks"). */
export function pluralNoun(noun: string): string {
  const irregular = IRREGULAR[noun.toLowerCase()];
  if (irregular) return noun[0] === noun[0]?.toUpperCase() ? irregular[0]!.toUpperCase() + irregular.slice(1) : irregular;
  const space = noun.lastIndexOf(' ');
  if (space > 0) return `${noun.slice(0, space + 1)}${pluralNoun(noun.slice(space + 1))}`;
  if (/[^aeiou]y$/i.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** "1 action", "0 actions", "2 actions"; `pluralForm` where the noun's plural is irregular and not listed above. */
export function plural(n: number, noun: string, pluralForm?: string): string {
  const count = Number(n);
  const shown = Number.isFinite(count) ? count.toLocaleString('en-GB') : String(n);
  return `${shown} ${count === 1 ? noun : (pluralForm ?? pluralNoun(noun))}`;
}
