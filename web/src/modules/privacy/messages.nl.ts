// Texts in Dutch. The privacy officer's tools (AVG): data-subject requests, the processing register and
// destruction lists.
export const privacyNl = {
  'privacy.menu': 'Privacy',
  'privacy.title': 'Privacy (AVG)',
  'privacy.intro':
    'Verzoeken van betrokkenen (inzage, rectificatie, wissen), het verwerkingsregister en de vernietiging van dossiers na hun bewaartermijn. Alles wat je hier doet, wordt vastgelegd.',
  'privacy.sections': 'Onderdelen',
  'privacy.nothing': 'Je hebt geen rechten op de privacyfuncties.',
  'privacy.subjects.title': 'Verzoeken van betrokkenen',
  'privacy.subjects.about':
    'Zoek de persoon op; inzage (JSON of PDF), de geschiedenis van wijzigingen, wie haar gegevens bekeek en wissen.',
  'privacy.register.title': 'Verwerkingsregister',
  'privacy.register.about': 'De verwerkingsactiviteiten (AVG art. 30) waar de audittrail naar verwijst.',
  'privacy.destruction.title': 'Vernietigingslijsten',
  'privacy.destruction.about':
    'Dossiers voorbij hun bewaartermijn: een lijst opstellen, laten goedkeuren door een tweede persoon, vernietigen en verantwoorden.',
} as const;
