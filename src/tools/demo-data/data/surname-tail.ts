// The long tail of Dutch surnames. The top list (surnames.ts: 206 names, about three million carriers)
// covers under a fifth of the Dutch; the rest carry one of some hundred thousand rarer names. Drawing
// everyone from the top list made every name five times as common as in reality (2M demo persons had
// about a thousand distinct name words), which no search or duplicate check meets in production. These
// names are composed from common Dutch name parts (a place or landscape word and a suffix: Westerveld,
// Hoogkamp, Oostinga), so they look like surnames without being a list of real people's names; their
// weights fall off like a Zipf distribution. Deterministic: the same list every time.
import { mix32 } from '../random.ts';
import type { Surname } from './surnames.ts';

const ROOTS = `Hoog Laag Wester Ooster Zuider Noorder Groen Hout Klein Groot Lange Bree Ver Mole Kamp Beek Veld Berg Brug Dam
Dijk Horst Hof Huis Kerk Laan Linde Meer Molen Poel Raad Schut Slot Stee Vlie Wiel Zand Zee Water Wei Heide Bosch Eik Esch
Haar Hage Hamer Ham Hulst Keizer Koning Kort Kroon Leeu Lind Maas Made Mark Nieuw Oud Over Peel Rijn Roos Schel Schip Sluis
Smal Spij Stal Steen Strand Ter Tiel Vaar Vaart Veen Vel Vos Wal Ween Wind Wolf Zwart Wit Rood Blauw Braak Brand Dorp Elzen
Gaal Goor Haven Heuvel Holt Kalk Kolk Koop Kraan Lier Loo Mors Nes Olde Plas Rade Riet Scher Slag Speel Staal Tuin Vree
Wage Werk Wille Zomer Winter Dal Akker Appel Baar Bakel Bunt Dier Doorn Eng Gras Hek Hooi Kooi Leem Most Rader Stroo`.split(/\s+/);

const SUFFIXES = `man mans ma stra inga ink ing huis veld berg hof kamp horst beek dijk wijk meijer sen s ers hout boom brink broek
burg dal hoek holt kes link mulder naar pel rink schot tjes voort werf stein hage wold weg gaard laar loo stede sma ker kema
enga hof mer land lo ens`.split(/\s+/);

const PREFIXES: readonly [string, number][] = [
  ['van', 40],
  ['van de', 14],
  ['van der', 14],
  ['van den', 10],
  ['de', 10],
  ['ter', 4],
  ['ten', 4],
  ['op de', 2],
  ['in het', 1],
  ["in 't", 1],
];

const RANK_OFFSET = 500;

/** About 7,000 composed surnames, with weights (in the same thousands as surnames.ts) summing to `total`. */
export function surnameTail(total: number): Surname[] {
  const names = new Set<string>();
  const out: Surname[] = [];
  for (const root of ROOTS) {
    for (const suffix of SUFFIXES) {
      const name = `${root}${root.endsWith(suffix[0]!) ? suffix.slice(1) : suffix}`;
      if (names.has(name)) continue;
      names.add(name);
      out.push({ prefix: null, name, female: null, weight: 0 });
    }
  }
  // A fixed shuffle, then Zipf-like weights 1/(rank + 500) scaled to the total: the commonest composed
  // name about 10,000 carriers, below the rarest of the top list, the rarest some hundreds. As in the
  // top list, about two in five carry a voorvoegsel.
  out.sort((a, b) => mix32(hash(a.name)) - mix32(hash(b.name)) || a.name.localeCompare(b.name));
  const harmonic = out.reduce((sum, _n, i) => sum + 1 / (i + RANK_OFFSET), 0);
  const prefixTotal = PREFIXES.reduce((sum, [, w]) => sum + w, 0);
  return out.map((surname, i) => {
    const h = mix32(hash(`${surname.name}|prefix`));
    let prefix: string | null = null;
    if (h % 5 < 2) {
      let pick = (h >>> 3) % prefixTotal;
      for (const [p, w] of PREFIXES) {
        if (pick < w) {
          prefix = p;
          break;
        }
        pick -= w;
      }
    }
    return { ...surname, prefix, weight: total / harmonic / (i + RANK_OFFSET) };
  });
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
