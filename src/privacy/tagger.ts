// Part-of-speech tags for the personal-data guard, from `compromise` (a small, dependency-light
// English tagger with a lexicon of first and last names). Loaded on first use, synchronously,
// so notes without a context word or title never pay for it.
import { createRequire } from 'node:module';

export interface TaggedWord {
  text: string;
  tags: string[];
  /** The word is in compromise's lexicon (a word it knows, rather than one it guessed). */
  known: boolean;
}

interface Term {
  text: string;
  tags: string[];
  offset: { start: number };
}
interface Nlp {
  (text: string): { json(o: object): { terms: Term[] }[] };
  model(): { one: { lexicon: Record<string, unknown> } };
}

let nlp: Nlp | undefined;
const load = (): Nlp => (nlp ??= createRequire(import.meta.url)('compromise/two') as Nlp);

/** Loads the tagger now (at start), so the first note that needs it does not wait. */
export function warmUpTagger(): void {
  load()('client John').json({ offset: true });
}

/** Each word of `text`, by the character offset where it starts. */
export function tagWords(text: string): Map<number, TaggedWord> {
  const n = load();
  const lexicon = n.model().one.lexicon;
  const out = new Map<number, TaggedWord>();
  for (const sentence of n(text).json({ offset: true })) {
    for (const t of sentence.terms) {
      out.set(t.offset.start, { text: t.text, tags: t.tags, known: Object.hasOwn(lexicon, t.text.toLowerCase()) });
    }
  }
  return out;
}
