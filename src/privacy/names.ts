// Names of the people services help: a name next to a word that makes its owner a service
// user — "client John Smith", "SU: Ali Raza", "John Smith (client)", "the young person (Ellie
// Green)", "patient named Ruby" — or after a title ("Mrs Begum", "Mr J. Smith") unless a job
// follows ("Ms Rahman (Head of Commissioning)"). Whether a word is a name is decided by the
// `compromise` tagger (its lexicon of first and last names, and its reading of the sentence),
// so "client john smith" in lower case is caught while "Client Relationship Management" and
// "Patient Advice and Liaison Service" pass; a capitalised word compromise has never seen
// ("Begum", "Okafor") counts as a name unless it is one of the service words below.
import { excerpt } from './normalise.js';
import { tagWords, type TaggedWord } from './tagger.js';
import type { PersonalDataFinding } from './types.js';

const CONTEXT = String.raw`(?:clients?|service[\s\-]+users?|su|patients?|pt|young\s+person|yp|mother\s+of\s+(?:a\s+)?service\s+user)`;
const TITLE = String.raw`(?:mr|mrs|ms|miss|mx)`;
const GLUE = String.raw`[\s:,\-–—(]*(?:(?:called|named|is|was|aka)\s+)?(?:${TITLE}\.?\s+)?`;
/** Context word, then the candidate word: "client: Sarah", "patient named Ruby", "SU (Kev". */
const AFTER_CONTEXT = new RegExp(String.raw`\b${CONTEXT}\b(${GLUE})([A-Z]\.|[\p{L}][\p{L}'’\-]*)`, 'giu');
/** Candidate, then "(client)", ", our client", " - SU": "John Smith (client)", "Ms Nguyen, our client". */
const BEFORE_CONTEXT = new RegExp(String.raw`([\p{L}][\p{L}'’\-]*)\s*(?:\(|,|-|–)\s*(?:(?:a|an|the|our|my|your|their)\s+)?${CONTEXT}\b`, 'giu');
/** A title and a capitalised word: "Mrs Begum", "Mr J. Smith". */
const TITLED = new RegExp(String.raw`\b(?:Mr|Mrs|Ms|Miss|Mx|MR|MRS|MS|MISS|MX|mr|mrs|ms|miss)\b\.?\s+([A-Z][\p{L}'’\-]*\.?)`, 'gu');
/** After a titled name, a job: not a service user. */
const ROLE = /^\s*[\p{L}'’\-]*\s*[,(\-–]\s*(?:the\s+|our\s+)?(?:head|director|chair|chairman|chairwoman|cllr|councillor|lead|manager|commissioner|officer|co-?ordinator|consultant|clinical|dph|chief|deputy|ceo|cfo|coo|mp|mayor|inspector|superintendent|chief\s+inspector|sergeant|governor|principal|headteacher|matron|gp|nurse\s+lead|programme|project|service\s+manager|team\s+leader)\b/iu;

// Words that follow "client", "patient", "service user" … without being anyone's name.
const SERVICE_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'with', 'in', 'on', 'at', 'for', 'to', 'from', 'of', 'by', 'is', 'was', 'are', 'were',
  'has', 'had', 'have', 'will', 'would', 'can', 'could', 'should', 'may', 'might', 'i', 'we', 'they', 'he', 'she', 'it',
  'this', 'that', 'these', 'those', 'who', 'which', 'not', 'no', 'yes', 'all', 'any', 'each', 'every', 'some', 'also',
  'services', 'service', 'team', 'teams', 'group', 'groups', 'pathway', 'pathways', 'engagement', 'feedback', 'survey',
  'surveys', 'forum', 'forums', 'record', 'records', 'data', 'voice', 'voices', 'involvement', 'experience', 'experiences',
  'journey', 'journeys', 'panel', 'panels', 'council', 'representative', 'representatives', 'rep', 'reps', 'numbers',
  'number', 'satisfaction', 'outcomes', 'outcome', 'care', 'safety', 'support', 'led', 'facing', 'focused', 'centred',
  'centered', 'management', 'system', 'systems', 'database', 'portal', 'charter', 'consultation', 'workshop', 'workshops',
  'meeting', 'meetings', 'champions', 'champion', 'network', 'networks', 'board', 'boards', 'lived', 'peer', 'peers',
  'recovery', 'treatment', 'referrals', 'referral', 'contact', 'contacts', 'list', 'lists', 'cohort', 'cohorts', 'level',
  'levels', 'leaflet', 'leaflets', 'information', 'info', 'app', 'apps', 'registration', 'access', 'flow', 'flows',
  'caseload', 'caseloads', 'first', 'advisory', 'reference', 'communications', 'comms', 'focus', 'capacity', 'demand',
  'assessment', 'assessments', 'plan', 'plans', 'rights', 'stories', 'story', 'testimonials', 'testimonial',
  'questionnaire', 'questionnaires', 'monitoring', 'reviews', 'review', 'advice', 'liaison', 'relationship',
  'relationships', 'participation', 'transport', 'group', 'directions', 'advocacy', 'officer', 'officers', 'advisor',
  'adviser', 'charter', 'day', 'days', 'week', 'month', 'year', 'total', 'totals', 'count', 'counts', 'figures',
  'held', 'based', 'owned', 'health', 'wellbeing', 'friendly', 'consent', 'confidentiality', 'portal', 'hub', 'hubs',
]);

const NAME_TAGS = ['FirstName', 'LastName', 'MaleName', 'FemaleName'];

function finding(match: string): PersonalDataFinding {
  return {
    kind: 'named_service_user',
    what: 'the name of a service user',
    excerpt: excerpt(match),
    instead: 'leave the name out, e.g. "a client did not attend" or "one young person was safeguarded"',
  };
}

/** Is the word at `start` a person's name, by the tagger, or as a capitalised word it does not know? */
function isName(word: string, start: number, tags: Map<number, TaggedWord>, afterNamedOrTitle: boolean): boolean {
  const clean = word.replace(/['’]s$/i, '');
  if (SERVICE_WORDS.has(clean.toLowerCase())) return false;
  if (/^[A-Z]\.$/.test(word)) return true; // "client J. Smith"
  if (clean.length < 2) return false; // "client A and client B"
  const capitalised = /^\p{Lu}/u.test(clean) && !/^\p{Lu}{2,}$/u.test(clean); // "Ruby", not "NHS"
  if (afterNamedOrTitle && capitalised) return true;
  const t = tags.get(start);
  if (t && NAME_TAGS.some((n) => t.tags.includes(n))) return true;
  if (!capitalised) return false;
  if (!t) return true;
  if (t.tags.includes('Organization') || t.tags.includes('Place')) return false;
  return t.tags.includes('Person') || !t.known;
}

export function findServiceUserName(text: string): PersonalDataFinding | undefined {
  // The tagger is only run when a context word or title is present (most notes have neither).
  if (!new RegExp(String.raw`\b(?:${CONTEXT}|${TITLE})\b`, 'i').test(text)) return undefined;
  const tags = tagWords(text);
  for (const m of text.matchAll(AFTER_CONTEXT)) {
    const glue = m[1] ?? '';
    const word = m[2] ?? '';
    const start = (m.index ?? 0) + m[0].length - word.length;
    const strong = /(?:called|named|aka)\s|(?:mr|mrs|ms|miss|mx)\.?\s/i.test(glue);
    if (isName(word, start, tags, strong)) return finding(m[0]);
  }
  for (const m of text.matchAll(BEFORE_CONTEXT)) {
    const word = m[1] ?? '';
    if (isName(word, m.index ?? 0, tags, false)) return finding(m[0]);
  }
  for (const m of text.matchAll(TITLED)) {
    const end = (m.index ?? 0) + m[0].length;
    if (ROLE.test(text.slice(end, end + 60))) continue;
    const word = m[1] ?? '';
    if (SERVICE_WORDS.has(word.toLowerCase())) continue;
    return finding(m[0]);
  }
  return undefined;
}
