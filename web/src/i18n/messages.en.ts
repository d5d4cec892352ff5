// English, the second language: the same keys as messages.nl.ts (the type makes a missing key an error).
import type { MessageId } from './messages.nl.ts';
import { identityEn } from '../modules/identity/messages.en.ts';
import { identityAdminEn } from '../modules/identity/admin/messages.en.ts';
import { accessReviewsEn } from '../modules/access-reviews/messages.en.ts';
import { referralsEn } from '../modules/referrals/messages.en.ts';
import { personsEn } from '../modules/persons/messages.en.ts';
import { casesEn } from '../modules/cases/messages.en.ts';
import { contactsEn } from '../modules/contacts/messages.en.ts';
import { documentsEn } from '../modules/documents/messages.en.ts';
import { tasksEn } from '../modules/tasks/messages.en.ts';
import { auditEn } from '../modules/audit/messages.en.ts';
import { privacyEn } from '../modules/privacy/messages.en.ts';
import { teamEn } from '../app/team/messages.en.ts';

const shared = {
  'app.name': 'Casus',
  'app.loading': 'Loading…',
  'language.label': 'Language',
  'language.nl': 'Nederlands',
  'language.en': 'English',
  'language.notSaved': 'Not saved with your account; try again.',
  'form.required': 'Fill in this field.',
  'form.invalid': 'This value is not accepted. Check the field.',
  'form.fixFields': 'Not everything is filled in correctly. See the marked fields.',
  'problem.generic': 'Something went wrong. Try again; if it keeps failing, quote code {requestId} to the service desk.',
  'problem.network': 'The server cannot be reached. Check the connection and try again.',
  'problem.tooManyAttempts': 'Too many attempts. Wait a moment, then try again.',
  'shell.signedInAs': 'Signed in as {name}',
  'shell.signOut': 'Sign out',
  'shell.navigation': 'Main menu',
  'home.title': 'Start',
  'home.welcome': 'Welcome, {name}.',
  'tasks.mine.title': 'My tasks',
  'tasks.mine.empty': 'You have no open tasks.',
  'tasks.mine.error': 'Your tasks could not be loaded.',
  'tasks.mine.loading': 'Loading tasks…',
  'tasks.column.title': 'Task',
  'tasks.column.due': 'Due',
  'tasks.column.state': 'State',
  'tasks.overdue': 'Overdue',
  'tasks.onTime': 'On time',
  'tasks.retry': 'Try again',
  // casework: the case worker's start page (my cases, the team's referral queue) and the search box
  'list.more': 'Load more',
  'casework.cases.title': 'My cases',
  'casework.cases.loading': 'Loading cases…',
  'casework.cases.empty': 'You are not assigned to any cases.',
  'casework.cases.error': 'Your cases could not be loaded.',
  'casework.cases.number': 'Case number',
  'casework.cases.type': 'Type',
  'casework.cases.status': 'Status',
  'casework.cases.updatedAt': 'Last changed',
  'casework.queue.title': 'My team’s referrals',
  'casework.queue.loading': 'Loading referrals…',
  'casework.queue.empty': 'There are no referrals in your team’s queue.',
  'casework.queue.error': 'Your team’s referrals could not be loaded.',
  'casework.queue.deadline': 'First contact by',
  'casework.queue.timeLeft': 'Time left',
  'casework.queue.overdue': 'Overdue',
  'casework.queue.overdueDays': '{days, plural, one {# working day overdue} other {# working days overdue}}',
  'casework.queue.dueToday': 'Today',
  'casework.queue.workingDaysLeft': '{days, plural, one {# working day left} other {# working days left}}',
  'casework.queue.receivedAt': 'Received',
  'casework.queue.source': 'Source (channel)',
  'casework.queue.attempts': 'Failed contact attempts',
  'casework.search.label': 'Search persons and cases',
  'casework.search.shortcut': 'Shortcut: /',
  'casework.search.results': 'Search results',
  'casework.search.person': 'Person',
  'casework.search.case': 'Case',
  'casework.search.born': 'born {date}',
  'casework.search.searching': 'Searching…',
  'casework.search.found': '{persons, plural, one {# person} other {# persons}} and {cases, plural, one {# case} other {# cases}} found.',
  'casework.search.tooBroad': 'Too many persons found. Add a first name, date of birth or postcode.',
  'casework.search.error': 'The search failed. Please try again.',
  'casework.source.police': 'Police',
  'casework.source.publicProsecutor': 'Public prosecutor',
  'casework.source.zsm': 'ZSM',
  'casework.source.self': 'Self-referral',
  'casework.source.partner': 'Chain partner',
  'casework.channel.api': 'integration',
  'casework.channel.phone': 'phone',
  'casework.channel.email': 'e-mail',
  'casework.channel.webForm': 'web form',
  'casework.channel.letter': 'letter',
  'casework.channel.inPerson': 'in person',
  // identity: password reset by e-mail
};

export const en: Record<MessageId, string> = {
  ...shared,
  ...identityEn,
  ...identityAdminEn,
  ...accessReviewsEn,
  ...referralsEn,
  ...personsEn,
  ...casesEn,
  ...contactsEn,
  ...documentsEn,
  ...tasksEn,
  ...teamEn,
  ...auditEn,
  ...privacyEn,
};
