// The words and proportions of case work: referral sources, contact channels, directions and
// outcomes, and short Dutch texts for contact moments and tasks, composed from templates. The texts
// are deliberately bland and non-graphic: they never describe what happened to someone and never name
// anyone (roles only: "de advocaat", "de officier van justitie"), so no template can turn into a real
// story about a real person.
import { type Rng, weightedTable, type WeightedTable } from './random.ts';

export type ReferralSource = 'police' | 'public-prosecutor' | 'zsm' | 'self' | 'partner';
export type ContactChannel = 'phone' | 'video' | 'email' | 'letter' | 'chat' | 'visit';
export type ContactDirection = 'inbound' | 'outbound';
export type ContactOutcome = 'completed' | 'no-answer' | 'voicemail' | 'cancelled' | 'no-show' | 'sent' | 'received';
export type SupportTrack = 'emotional' | 'practical' | 'legal' | 'damage-recovery' | 'criminal-proceedings';

/** Two thirds from the police, as in the Netherlands; ZSM is the fast-track desk of police and prosecutor. */
export const REFERRAL_SOURCES = weightedTable<ReferralSource>([
  ['police', 67],
  ['public-prosecutor', 10],
  ['zsm', 7],
  ['self', 11],
  ['partner', 5],
]);

/** How a referral arrives: chain partners by API, people by phone or the web form. */
export const REFERRAL_CHANNELS: Record<ReferralSource, WeightedTable<'api' | 'phone' | 'web-form' | 'email'>> = {
  police: weightedTable([
    ['api', 97],
    ['email', 3],
  ]),
  'public-prosecutor': weightedTable([
    ['api', 85],
    ['email', 15],
  ]),
  zsm: weightedTable([
    ['api', 90],
    ['phone', 10],
  ]),
  self: weightedTable([
    ['phone', 55],
    ['web-form', 35],
    ['email', 10],
  ]),
  partner: weightedTable([
    ['phone', 40],
    ['email', 40],
    ['web-form', 20],
  ]),
};

export const CONTACT_CHANNELS = weightedTable<ContactChannel>([
  ['phone', 55],
  ['email', 15],
  ['visit', 10],
  ['letter', 6],
  ['video', 6],
  ['chat', 8],
]);

/** Share of outbound contact per channel: case workers call and write; clients chat and mail. */
export const OUTBOUND_SHARE: Record<ContactChannel, number> = { phone: 0.7, video: 0.8, email: 0.55, letter: 0.95, chat: 0.2, visit: 0.9 };

const OUTCOMES: Record<ContactChannel, Record<ContactDirection, WeightedTable<ContactOutcome>>> = {
  phone: {
    outbound: weightedTable([
      ['completed', 72],
      ['no-answer', 17],
      ['voicemail', 11],
    ]),
    inbound: weightedTable([['completed', 100]]),
  },
  video: {
    outbound: weightedTable([
      ['completed', 90],
      ['cancelled', 6],
      ['no-show', 4],
    ]),
    inbound: weightedTable([['completed', 100]]),
  },
  visit: {
    outbound: weightedTable([
      ['completed', 90],
      ['cancelled', 6],
      ['no-show', 4],
    ]),
    inbound: weightedTable([
      ['completed', 95],
      ['cancelled', 5],
    ]),
  },
  email: { outbound: weightedTable([['sent', 100]]), inbound: weightedTable([['received', 100]]) },
  letter: { outbound: weightedTable([['sent', 100]]), inbound: weightedTable([['received', 100]]) },
  chat: { outbound: weightedTable([['completed', 100]]), inbound: weightedTable([['completed', 100]]) },
};

export function contactOutcome(rng: Rng, channel: ContactChannel, direction: ContactDirection): ContactOutcome {
  return rng.weighted(OUTCOMES[channel][direction]);
}

/** Minutes, or null where the channel has no duration (a letter, an e-mail). */
export function contactDuration(rng: Rng, channel: ContactChannel, outcome: ContactOutcome): number | null {
  if (outcome === 'no-answer' || outcome === 'cancelled' || outcome === 'no-show') return null;
  if (outcome === 'voicemail') return 1;
  switch (channel) {
    case 'phone':
      return Math.round(rng.logNormal(12, 0.6, 2, 90));
    case 'video':
      return Math.round(rng.logNormal(35, 0.4, 10, 120));
    case 'visit':
      return 5 * Math.round(rng.logNormal(60, 0.35, 20, 180) / 5);
    case 'chat':
      return Math.round(rng.logNormal(15, 0.5, 3, 60));
    default:
      return null;
  }
}

const OPENINGS: Record<ContactChannel, Record<ContactDirection, readonly string[]>> = {
  phone: {
    outbound: ['Telefonisch contact met cliënt', 'Cliënt gebeld', 'Telefonisch gesprek gevoerd met cliënt', 'Cliënt teruggebeld'],
    inbound: ['Cliënt belde zelf', 'Telefonisch contact op verzoek van cliënt', 'Cliënt nam telefonisch contact op'],
  },
  video: { outbound: ['Videogesprek met cliënt', 'Beeldbelafspraak met cliënt'], inbound: ['Videogesprek op verzoek van cliënt'] },
  visit: {
    outbound: ['Huisbezoek afgelegd', 'Gesprek bij cliënt thuis', 'Gesprek op locatie met cliënt'],
    inbound: ['Cliënt kwam langs op kantoor', 'Gesprek op kantoor'],
  },
  email: {
    outbound: ['E-mail gestuurd aan cliënt', 'Cliënt per e-mail geïnformeerd'],
    inbound: ['E-mail ontvangen van cliënt', 'Vraag van cliënt per e-mail'],
  },
  letter: {
    outbound: ['Brief verstuurd aan cliënt', 'Informatiebrief verstuurd'],
    inbound: ['Brief ontvangen van cliënt', 'Formulier per post retour ontvangen'],
  },
  chat: { outbound: ['Chatbericht aan cliënt'], inbound: ['Chatgesprek met cliënt', 'Cliënt stelde een vraag via de chat'] },
};

const TOPICS: Record<SupportTrack, readonly string[]> = {
  emotional: [
    'hoe het nu met cliënt gaat',
    'emotionele verwerking en slaapproblemen',
    'steun uit het eigen netwerk',
    'terugkeer naar werk of school',
    'verwijzing naar de huisarts',
    'mogelijkheid van lotgenotencontact',
  ],
  practical: [
    'praktische ondersteuning bij schadeclaim',
    'contact met de verzekeraar',
    'veiligheid in en rond de woning',
    'contact met de woningcorporatie',
    'ondersteuning bij gesprek met werkgever',
    'vervangende sloten en herstel',
  ],
  legal: ['informatie over het strafproces', 'rechten als slachtoffer', 'contact met een advocaat', 'mogelijkheden van mediation'],
  'damage-recovery': [
    'aanvraag bij het Schadefonds Geweldsmisdrijven',
    'voeging als benadeelde partij',
    'schadeformulier invullen',
    'overzicht van gemaakte kosten',
    'reiskosten en vergoedingen',
    'uitkering via de schadeverzekering',
  ],
  'criminal-proceedings': [
    'stand van zaken strafzaak',
    'voorbereiding spreekrecht',
    'zitting bijwonen',
    'contact met de officier van justitie',
    'uitspraak van de rechter',
    'begeleiding naar de zitting',
  ],
};

const WELLBEING = [
  'Cliënt geeft aan het redelijk te maken.',
  'Cliënt ervaart nog spanning; aandacht voor steun uit eigen netwerk.',
  'Cliënt maakt zich zorgen over de zitting.',
  'Cliënt is tevreden met de ondersteuning tot nu toe.',
  'Cliënt heeft behoefte aan rust en neemt zelf contact op.',
  'Cliënt slaapt slecht; advies gegeven om de huisarts te raadplegen.',
];

const FOLLOW_UPS = [
  'Afspraak voor vervolg over twee weken.',
  'Cliënt neemt zelf contact op indien nodig.',
  'Vervolgafspraak gepland na de zitting.',
  'Terugbelverzoek genoteerd.',
  'Formulier wordt toegestuurd.',
  'Geen verdere actie nodig.',
  'Volgende week telefonisch contact.',
  'Informatie wordt per e-mail nagestuurd.',
  'Over een maand evalueren.',
];

const FAILED: Partial<Record<ContactOutcome, readonly string[]>> = {
  'no-answer': ['Cliënt gebeld, geen gehoor. Later opnieuw proberen.', 'Geen gehoor; morgen opnieuw bellen.'],
  voicemail: ['Voicemail ingesproken met verzoek om terug te bellen.', 'Niet bereikt; bericht achtergelaten.'],
  cancelled: ['Afspraak door cliënt afgezegd; nieuwe afspraak volgt.', 'Afspraak verzet op verzoek van cliënt.'],
  'no-show': [
    'Cliënt niet aanwezig op afgesproken tijd; contact gezocht per telefoon.',
    'Cliënt niet thuis bij huisbezoek; kaartje achtergelaten.',
  ],
};

/** A one- to three-sentence summary: opening; besproken: topic(s). [wellbeing] follow-up. */
export function contactSummary(
  rng: Rng,
  channel: ContactChannel,
  direction: ContactDirection,
  outcome: ContactOutcome,
  tracks: readonly SupportTrack[],
): string {
  const failed = FAILED[outcome];
  if (failed) return rng.pick(failed);
  const opening = rng.pick(OPENINGS[channel][direction]);
  const track = tracks.length > 0 ? rng.pick(tracks) : 'emotional';
  let topics = rng.pick(TOPICS[track]);
  if (rng.bool(0.3)) {
    const other = rng.pick(TOPICS[tracks.length > 1 ? rng.pick(tracks) : 'emotional']);
    if (other !== topics) topics += ` en ${other}`;
  }
  const wellbeing = (channel === 'phone' || channel === 'visit' || channel === 'video') && rng.bool(0.4) ? ` ${rng.pick(WELLBEING)}` : '';
  return `${opening}; besproken: ${topics}.${wellbeing} ${rng.pick(FOLLOW_UPS)}`;
}

const TASKS_BY_TRACK: Record<SupportTrack, readonly string[]> = {
  emotional: [
    'Vervolgcontact plannen',
    'Verwijzing naar huisarts bevestigen',
    'Evaluatiegesprek voeren',
    'Informatie over lotgenotencontact sturen',
  ],
  practical: ['Contact opnemen met verzekeraar', 'Contact opnemen met woningcorporatie', 'Overzicht van kosten opvragen bij cliënt'],
  legal: ['Contact opnemen met advocaat', 'Informatie over rechten als slachtoffer sturen', 'Aanvraag rechtsbijstand bespreken'],
  'damage-recovery': [
    'Aanvraag Schadefonds Geweldsmisdrijven indienen',
    'Voegingsformulier controleren',
    'Schadeformulier opsturen naar het OM',
  ],
  'criminal-proceedings': [
    'Zittingsdatum opvragen bij het OM',
    'Spreekrechtverklaring doornemen met cliënt',
    'Informatie strafzaak doorgeven aan cliënt',
    'Begeleiding naar zitting regelen',
  ],
};

const GENERAL_TASKS = [
  'Terugbellen cliënt',
  'Dossier bijwerken',
  'Overdracht aan collega voorbereiden',
  'Dossier afsluiten',
  'Tolk regelen voor gesprek',
];

/** The title of the letter task a referral gets when the client was not reached. */
export const NOT_REACHED_TASK = 'Brief versturen: cliënt niet bereikt';

export function taskTitle(rng: Rng, tracks: readonly SupportTrack[]): string {
  return tracks.length > 0 && rng.bool(0.75) ? rng.pick(TASKS_BY_TRACK[rng.pick(tracks)]) : rng.pick(GENERAL_TASKS);
}

export const CLOSE_REASONS = weightedTable<string>([
  ['Hulpverlening afgerond', 55],
  ['Cliënt ziet af van verdere hulp', 15],
  ['Cliënt niet meer bereikbaar', 8],
  ['Doorverwezen naar andere organisatie', 10],
  ['Strafzaak afgerond, geen verdere hulpvraag', 12],
]);
