// People of concern are known by names and nicknames that are spelt many ways (DOMAIN §6: "people of
// concern (nicknames, date of birth, address)"): before a person is added, close names are offered as
// "did you mean", so that one person is not recorded twice.

/** Lower-case words of a name, accents and punctuation removed, single spaces. */
export function normaliseName(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s'-]/g, ' ')
    .replace(/['-]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Nicknames typed as a list ("Tiny, T-Man; Big T") become separate names. */
export function splitNames(s: string): string[] {
  return [
    ...new Set(
      s
        .split(/[,;\n]/)
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
}

// pg_trgm's trigrams: each word padded with two spaces before and one after.
function trigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (const w of normaliseName(s).split(' ').filter(Boolean)) {
    const p = `  ${w} `;
    for (let i = 0; i + 3 <= p.length; i++) out.add(p.slice(i, i + 3));
  }
  return out;
}

// DOMAIN §6: names are compared by trigram similarity, as PostgreSQL's pg_trgm similarity() does (0 to 1)
export function nameSimilarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  if (!ta.size || !tb.size) return 0;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / (ta.size + tb.size - shared);
}

const NAME_MATCH_THRESHOLD = 0.3;

type PersonCandidate = { id: string; names: string[]; dateOfBirth?: string | null };

// DOMAIN §6: a person already recorded is offered when a name or nickname is close (similarity ≥ 0.3) unless both dates of birth are known and differ; the same date of birth with a somewhat close name (≥ 0.2) is offered too
export function didYouMean(
  input: { names: string[]; dateOfBirth?: string | null },
  candidates: PersonCandidate[],
): (PersonCandidate & { score: number; sameDateOfBirth: boolean })[] {
  const out: (PersonCandidate & { score: number; sameDateOfBirth: boolean })[] = [];
  for (const c of candidates) {
    let best = 0;
    for (const n of input.names) for (const m of c.names) best = Math.max(best, nameSimilarity(n, m));
    const bothDob = !!input.dateOfBirth && !!c.dateOfBirth;
    const sameDob = bothDob && input.dateOfBirth === c.dateOfBirth;
    if (bothDob && !sameDob) continue;
    if (best >= NAME_MATCH_THRESHOLD || (sameDob && best >= 0.2)) out.push({ ...c, score: best + (sameDob ? 0.5 : 0), sameDateOfBirth: sameDob });
  }
  return out.sort((x, y) => y.score - x.score);
}

/** The text a record is searched by: its names, keys and addresses, lower-cased. */
export function searchTextOf(parts: (string | null | undefined)[]): string {
  return normaliseName(parts.filter(Boolean).join(' ')).slice(0, 2000);
}

// DOMAIN §6: on a merge the duplicate's name and nicknames become nicknames of the kept person, each once
export function mergedNicknames(kept: { names: string[]; nicknames: string[] }, duplicate: { names: string[]; nicknames: string[] }): string[] {
  const seen = new Set(kept.names.map(normaliseName));
  const out: string[] = [];
  for (const n of [...kept.nicknames, ...duplicate.names, ...duplicate.nicknames]) {
    const k = normaliseName(n);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(n.trim());
  }
  return out;
}

type PersonAttributes = {
  names?: string[];
  nicknames?: string[];
  dateOfBirth?: string | null;
  addresses?: string | null;
  features?: string | null;
  [k: string]: unknown;
};

// DOMAIN §6: on a merge the kept person's details stay; what it lacks (date of birth, addresses, identifying features) is taken from the duplicate, whose names become nicknames
export function mergedPersonAttributes(kept: PersonAttributes, duplicate: PersonAttributes, keptLabel: string, duplicateLabel: string): PersonAttributes {
  const names = kept.names?.length ? kept.names : [keptLabel];
  return {
    ...kept,
    names,
    nicknames: mergedNicknames(
      { names, nicknames: kept.nicknames ?? [] },
      { names: duplicate.names?.length ? duplicate.names : [duplicateLabel], nicknames: duplicate.nicknames ?? [] },
    ),
    dateOfBirth: kept.dateOfBirth || duplicate.dateOfBirth || null,
    addresses: kept.addresses || duplicate.addresses || null,
    features: kept.features || duplicate.features || null,
  };
}
