// Texts in Dutch. The audit trail: search and export, "who looked at this client", detection alerts and
// the trail's verification.
import { auditAlertsNl } from './messages.alerts.nl.ts';

export const auditNl = {
  'audit.menu': 'Audit',
  'audit.title': 'Audittrail',
  'audit.intro':
    'Elke handeling met persoonsgegevens staat in de audittrail, die niemand ongemerkt kan wijzigen. Ook wie hier zoekt of exporteert, wordt vastgelegd.',
  'audit.sections': 'Onderdelen',
  'audit.nothing': 'Je hebt geen rechten op de audittrail.',
  'audit.events.title': 'Zoeken in de audittrail',
  'audit.events.about': 'Wie deed wat, wanneer, met welke persoon of welk dossier; exporteren voor een onderzoek.',
  'audit.alerts.title': 'Signaleringen',
  'audit.alerts.about':
    'Mogelijk misbruik dat de detectieregels zagen (veel personen opgezocht, afgeschermde dossiers ’s nachts, …): oppakken en afsluiten.',
  'audit.verification.title': 'Controle van de audittrail',
  'audit.verification.about': 'Of de audittrail ongeschonden is: controles, ondertekende controlepunten en bewaartermijnen.',
  ...auditAlertsNl,
} as const;
