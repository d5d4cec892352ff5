// The same texts in English: the keys of messages.nl.ts beside it.
import type { tasksNl } from './messages.nl.ts';

export const tasksEn: Record<keyof typeof tasksNl, string> = {
  'tasks.case.title': 'Open tasks ({count})',
  'tasks.case.add': 'Add a task',
  'tasks.case.addTitle': 'Add a task',
  'tasks.case.addSubmit': 'Add',
  'tasks.case.all': 'All {count} open tasks',
  'tasks.case.assignee': 'For',
  'tasks.case.actions': 'Actions',
  'tasks.case.team': 'The team',
  'tasks.case.colleague': 'A colleague',
  'tasks.case.complete': 'Complete',
  'tasks.case.completeOne': 'Complete {title}',
  'tasks.case.cancel': 'Cancel',
  'tasks.case.cancelOne': 'Cancel {title}',
  'tasks.case.cancelReason': 'Why is the task {title} dropped?',
  'tasks.case.cancelSubmit': 'Cancel the task',
  'tasks.case.empty': 'No open tasks.',
  'tasks.case.error': 'The tasks could not be loaded.',
  'tasks.case.field.title': 'What is to be done',
  'tasks.case.field.due': 'Due within (working days)',
  'tasks.case.dueInvalid': 'Enter a number of working days from 0 to 250.',
};
