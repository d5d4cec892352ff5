// Dutch, the first language: every text the interface shows. The texts shared by all screens are here;
// each module keeps its own in messages.nl.ts beside its screens (one key prefix per module), spread in
// below. English (messages.en.ts) has the same keys; test/web/catalogues.test.ts fails on a key missing
// from either, or used but not defined.
import { identityNl } from '../modules/identity/messages.nl.ts';
import { identityAdminNl } from '../modules/identity/admin/messages.nl.ts';
import { accessReviewsNl } from '../modules/access-reviews/messages.nl.ts';
import { referralsNl } from '../modules/referrals/messages.nl.ts';
import { personsNl } from '../modules/persons/messages.nl.ts';
import { casesNl } from '../modules/cases/messages.nl.ts';
import { contactsNl } from '../modules/contacts/messages.nl.ts';
import { documentsNl } from '../modules/documents/messages.nl.ts';
import { tasksNl } from '../modules/tasks/messages.nl.ts';
import { teamNl } from '../app/team/messages.nl.ts';
import { auditNl } from '../modules/audit/messages.nl.ts';
import { privacyNl } from '../modules/privacy/messages.nl.ts';

const shared = {
  'app.name': 'Casus',
  'app.loading': 'Bezig met laden…',
  'language.label': 'Taal',
  'language.nl': 'Nederlands',
  'language.en': 'English',
  'language.notSaved': 'Niet bewaard bij je account; probeer het opnieuw.',
  'form.required': 'Vul dit veld in.',
  'form.invalid': 'Deze waarde wordt niet geaccepteerd. Controleer het veld.',
  'form.fixFields': 'Niet alles is goed ingevuld. Kijk bij de gemarkeerde velden.',
  'problem.generic': 'Er ging iets mis. Probeer het opnieuw; blijft het misgaan, noem dan code {requestId} aan de servicedesk.',
  'problem.network': 'De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.',
  'problem.tooManyAttempts': 'Te veel pogingen. Wacht even en probeer het daarna opnieuw.',
  'shell.signedInAs': 'Ingelogd als {name}',
  'shell.signOut': 'Uitloggen',
  'shell.navigation': 'Hoofdmenu',
  'home.title': 'Start',
  'home.welcome': 'Welkom, {name}.',
  'tasks.mine.title': 'Mijn taken',
  'tasks.mine.empty': 'Je hebt geen openstaande taken.',
  'tasks.mine.error': 'Je taken konden niet worden geladen.',
  'tasks.mine.loading': 'Taken laden…',
  'tasks.column.title': 'Taak',
  'tasks.column.due': 'Uiterlijk',
  'tasks.column.state': 'Stand',
  'tasks.overdue': 'Te laat',
  'tasks.onTime': 'Op tijd',
  'tasks.retry': 'Opnieuw proberen',
  // casework: the case worker's start page (my cases, the team's referral queue) and the search box
  'list.more': 'Meer laden',
  'casework.cases.title': 'Mijn dossiers',
  'casework.cases.loading': 'Dossiers laden…',
  'casework.cases.empty': 'Je bent aan geen dossiers toegewezen.',
  'casework.cases.error': 'Je dossiers konden niet worden geladen.',
  'casework.cases.number': 'Dossiernummer',
  'casework.cases.type': 'Soort',
  'casework.cases.status': 'Status',
  'casework.cases.updatedAt': 'Laatst gewijzigd',
  'casework.queue.title': 'Aanmeldingen van mijn team',
  'casework.queue.loading': 'Aanmeldingen laden…',
  'casework.queue.empty': 'Er staan geen aanmeldingen in de wachtrij van je team.',
  'casework.queue.error': 'De aanmeldingen van je team konden niet worden geladen.',
  'casework.queue.deadline': 'Eerste contact uiterlijk',
  'casework.queue.timeLeft': 'Resterende tijd',
  'casework.queue.overdue': 'Te laat',
  'casework.queue.overdueDays': '{days, plural, one {# werkdag te laat} other {# werkdagen te laat}}',
  'casework.queue.dueToday': 'Vandaag',
  'casework.queue.workingDaysLeft': '{days, plural, one {Nog # werkdag} other {Nog # werkdagen}}',
  'casework.queue.receivedAt': 'Ontvangen',
  'casework.queue.source': 'Bron (kanaal)',
  'casework.queue.attempts': 'Mislukte contactpogingen',
  'casework.search.label': 'Zoek personen en dossiers',
  'casework.search.shortcut': 'Sneltoets: /',
  'casework.search.results': 'Zoekresultaten',
  'casework.search.person': 'Persoon',
  'casework.search.case': 'Dossier',
  'casework.search.born': 'geboren {date}',
  'casework.search.searching': 'Bezig met zoeken…',
  'casework.search.found':
    '{persons, plural, one {# persoon} other {# personen}} en {cases, plural, one {# dossier} other {# dossiers}} gevonden.',
  'casework.search.tooBroad': 'Te veel personen gevonden. Voeg een voornaam, geboortedatum of postcode toe.',
  'casework.search.error': 'Zoeken lukte niet. Probeer het opnieuw.',
  'casework.source.police': 'Politie',
  'casework.source.publicProsecutor': 'Openbaar Ministerie',
  'casework.source.zsm': 'ZSM',
  'casework.source.self': 'Zelfmelder',
  'casework.source.partner': 'Ketenpartner',
  'casework.channel.api': 'koppeling',
  'casework.channel.phone': 'telefoon',
  'casework.channel.email': 'e-mail',
  'casework.channel.webForm': 'webformulier',
  'casework.channel.letter': 'brief',
  'casework.channel.inPerson': 'persoonlijk',
  // identity: password reset by e-mail
} as const;

export const nl = {
  ...shared,
  ...identityNl,
  ...identityAdminNl,
  ...accessReviewsNl,
  ...referralsNl,
  ...personsNl,
  ...casesNl,
  ...contactsNl,
  ...documentsNl,
  ...tasksNl,
  ...teamNl,
  ...auditNl,
  ...privacyNl,
} as const;

export type MessageId = keyof typeof nl;
