// The register as Casus ships it: the processing Casus really does, in Dutch (the register is the
// organisation's own document, kept by its FG), with the audit actions each activity covers. The
// privacy officer changes it through the API from here on; the history shows these rows as made by
// the migration (no actor). Values are written out: this migration is history. Every audit action the
// code writes maps to one of these activities (register/audit-actions.test.ts); a module's actions are
// covered by their prefix ('referral.'), so a new action of a known module needs no new row.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

interface Seed {
  key: string;
  name: string;
  purpose: string;
  legal_basis: string;
  legal_basis_detail: string;
  data_subject_categories: string[];
  personal_data_categories: string[];
  special_categories: string[];
  recipients: string[];
  processors: string[];
  third_country_transfers: string;
  retention: string;
  security_measures: string[];
  audit_actions: string[];
}

const CONTROLLER = 'Slachtofferhulp Nederland (verwerkingsverantwoordelijke)';
const DPO = 'Functionaris gegevensbescherming (FG) van Slachtofferhulp Nederland';
const NO_TRANSFER = 'Geen doorgifte naar landen buiten de Europese Economische Ruimte.';
const HOSTING = ['Leverancier en beheerder van Casus (hosting en IV-dienstverlening), onder verwerkersovereenkomst'];
const CASE_RETENTION =
  'Met de zaak: tot de bewaartermijn van het zaaktype na het sluiten van de zaak (standaard 6 jaar, case_type.retention_years), daarna vernietiging op een goedgekeurde vernietigingslijst.';
const BASE_MEASURES = [
  'Toegang alleen op grond van expliciete rechten per organisatie-eenheid en per zaak (rollen, toewijzing, afscherming, noodtoegang met reden en beoordeling)',
  'Rijniveaubeveiliging in de database onder de toegangsregels van de applicatie',
  'Aanmelden met een tweede factor; sessies verlopen',
  'Elke inzage en wijziging vastgelegd in de audit trail, in dezelfde transactie',
];

const SEEDS: Seed[] = [
  {
    key: 'slachtofferhulp',
    name: 'Hulpverlening aan slachtoffers (casusbehandeling)',
    purpose:
      'Slachtoffers van misdrijven, verkeersongevallen en calamiteiten en hun naasten emotionele, praktische en juridische hulp bieden: de cliënt en de betrokkenen registreren, het zaakdossier met de gebeurtenis, de hulptrajecten, de taken en de voortgang bijhouden, en cliënten terugvinden.',
    legal_basis: 'public-task',
    legal_basis_detail:
      'Art. 6 lid 1 sub e AVG: taak van algemeen belang (slachtofferhulp; Wetboek van Strafvordering, Eerste Boek, Titel IIIA). Gezondheidsgegevens met uitdrukkelijke toestemming van de cliënt (art. 9 lid 2 sub a AVG), vastgelegd als toestemming "support"; strafrechtelijke gegevens onder art. 10 AVG en de UAVG.',
    data_subject_categories: [
      'Slachtoffers (cliënten)',
      'Nabestaanden en naasten',
      'Getuigen',
      'Wettelijk vertegenwoordigers en contactpersonen',
    ],
    personal_data_categories: [
      'Naam, geboortedatum en BSN (versleuteld opgeslagen)',
      'Telefoonnummers, e-mailadressen en adres (ook afgeschermde adressen)',
      'Voorkeurstaal, tolkbehoefte en kwetsbaarheden',
      'Rol in de zaak, hulptrajecten, status en verloop van de zaak',
      'De gebeurtenis: categorie, datum, plaats, kenmerken van politie en OM, omschrijving',
      'Toestemmingen en hun intrekking',
      'Taken bij de zaak',
    ],
    special_categories: [
      'Gezondheid (kwetsbaarheden, gevolgen van de gebeurtenis) — art. 9 AVG',
      'Strafrechtelijke gegevens (het misdrijf, kenmerken van politie en OM) — art. 10 AVG',
    ],
    recipients: [
      'Medewerkers en vrijwilligers van Slachtofferhulp Nederland die aan de zaak werken',
      'Politie en andere ketenpartners alleen met toestemming van de cliënt ("data-sharing-police", "data-sharing-partners")',
    ],
    processors: HOSTING,
    third_country_transfers: NO_TRANSFER,
    retention: CASE_RETENTION,
    security_measures: [
      ...BASE_MEASURES,
      'BSN versleuteld (AES-256-GCM, sleutel per doel) met een sleutelgebonden zoekindex; tonen alleen op verzoek en vastgelegd',
    ],
    audit_actions: ['case.', 'incident.', 'person.', 'task.', 'search.'],
  },
  {
    key: 'aanmelding',
    name: 'Aanmelding door politie, Openbaar Ministerie en ketenpartners',
    purpose:
      'Aanmeldingen van slachtoffers ontvangen van politie, Openbaar Ministerie, ZSM, partners en van slachtoffers zelf, het slachtoffer binnen de termijn benaderen (contactpogingen), en de aanmelding omzetten in een zaak of afsluiten.',
    legal_basis: 'public-task',
    legal_basis_detail:
      'Art. 6 lid 1 sub e AVG (slachtofferhulp als taak van algemeen belang); de aanmeldende partij verstrekt op haar eigen grondslag. Strafrechtelijke gegevens onder art. 10 AVG en de UAVG.',
    data_subject_categories: ['Slachtoffers', 'Nabestaanden en naasten'],
    personal_data_categories: [
      'De aanmelding zoals ontvangen (versleuteld): naam, geboortedatum, BSN, contactgegevens, adres, taal',
      'De gebeurtenis volgens de aanmelder, met het kenmerk van de aanmelder',
      'Toestemming voor contact en de bron daarvan',
      'Contactpogingen met uitkomst en korte notitie',
    ],
    special_categories: ['Strafrechtelijke gegevens (de gebeurtenis, kenmerk van politie of OM) — art. 10 AVG'],
    recipients: ['Het team dat de aanmelding in behandeling heeft'],
    processors: HOSTING,
    third_country_transfers: NO_TRANSFER,
    retention:
      'Omgezette aanmeldingen volgen de bewaartermijn van hun zaak; niet omgezette aanmeldingen (dubbel, afgewezen, niet bereikt) volgen de vernietigingsregels van de privacymodule.',
    security_measures: [
      ...BASE_MEASURES,
      'De aanmelding wordt versleuteld bewaard zoals ontvangen',
      'Ketenpartners melden aan via een eigen netwerkzone met een API-token per serviceaccount en kunnen niets teruglezen',
    ],
    audit_actions: ['referral.'],
  },
  {
    key: 'contactmomenten',
    name: 'Vastleggen van contactmomenten',
    purpose:
      'Contact met cliënten en betrokkenen vastleggen (kanaal, richting, moment, duur, uitkomst en gespreksverslag) voor de continuïteit en kwaliteit van de hulp.',
    legal_basis: 'public-task',
    legal_basis_detail:
      'Art. 6 lid 1 sub e AVG, als onderdeel van de hulpverlening; gezondheidsgegevens in verslagen met uitdrukkelijke toestemming van de cliënt (art. 9 lid 2 sub a AVG).',
    data_subject_categories: ['Slachtoffers (cliënten)', 'Nabestaanden en naasten', 'Andere betrokkenen bij de zaak'],
    personal_data_categories: ['Moment, kanaal, richting, duur en uitkomst van het contact', 'Gespreksverslag (versleuteld)'],
    special_categories: ['Gezondheid en andere gevoelige gegevens in gespreksverslagen — art. 9 AVG'],
    recipients: ['Medewerkers en vrijwilligers die aan de zaak werken'],
    processors: HOSTING,
    third_country_transfers: NO_TRANSFER,
    retention: CASE_RETENTION,
    security_measures: [
      ...BASE_MEASURES,
      'Gespreksverslag versleuteld (AES-256-GCM, gebonden aan het record) met sleutelrotatie',
      'Correctie door de auteur binnen 24 uur, daarna alleen door een teamleider met reden; niets wordt verwijderd',
    ],
    audit_actions: ['contact-moment.'],
  },
  {
    key: 'documenten',
    name: 'Documenten bij zaken',
    purpose:
      'Documenten bij een zaak bewaren en raadplegen: correspondentie, processen-verbaal, medische, juridische en financiële stukken en identiteitsbewijzen.',
    legal_basis: 'public-task',
    legal_basis_detail:
      'Art. 6 lid 1 sub e AVG, als onderdeel van de hulpverlening; bijzondere en strafrechtelijke gegevens zoals bij de casusbehandeling.',
    data_subject_categories: ['Slachtoffers (cliënten)', 'Nabestaanden en naasten', 'Andere betrokkenen bij de zaak'],
    personal_data_categories: ['Bestandsnaam, soort document, grootte en tijdstippen', 'De inhoud van het document'],
    special_categories: [
      'Gezondheid (medische stukken) — art. 9 AVG',
      'Strafrechtelijke gegevens (processen-verbaal) — art. 10 AVG',
      'Kopieën van identiteitsbewijzen',
    ],
    recipients: ['Medewerkers die aan de zaak werken; beperkte documenten alleen met het recht documents.read-restricted'],
    processors: HOSTING,
    third_country_transfers: NO_TRANSFER,
    retention: `${CASE_RETENTION} Een verwijderd document is onleesbaar (de sleutel wordt vernietigd); het record blijft als verantwoording.`,
    security_measures: [
      ...BASE_MEASURES,
      'Elk bestand versleuteld met een eigen sleutel; inhoudscontrole en virusscan bij het uploaden, quarantaine bij een treffer',
    ],
    audit_actions: ['document.'],
  },
  {
    key: 'schadeverhaal-strafproces',
    name: 'Ondersteuning bij schadeverhaal en strafproces',
    purpose:
      'Slachtoffers bijstaan bij het verhalen van schade (schadeformulier, voeging in het strafproces, Schadefonds Geweldsmisdrijven) en in het strafproces (spreekrecht, informatie over de zaak): de hulptrajecten "damage-recovery" en "criminal-proceedings" van een zaak, met hun documenten en contactmomenten.',
    legal_basis: 'public-task',
    legal_basis_detail:
      'Art. 6 lid 1 sub e AVG (Wetboek van Strafvordering, Eerste Boek, Titel IIIA: rechten van het slachtoffer); verstrekking aan derden alleen met toestemming en op verzoek van de cliënt.',
    data_subject_categories: ['Slachtoffers (cliënten)', 'Nabestaanden'],
    personal_data_categories: [
      'Zaakgegevens en de gebeurtenis',
      'Financiële gegevens over de schade',
      'Kenmerken en stand van het strafproces',
    ],
    special_categories: ['Strafrechtelijke gegevens — art. 10 AVG', 'Gezondheid (letselschade) — art. 9 AVG'],
    recipients: [
      'Openbaar Ministerie, rechtbank, Schadefonds Geweldsmisdrijven en advocaten: alleen met toestemming en op verzoek van de cliënt',
    ],
    processors: HOSTING,
    third_country_transfers: NO_TRANSFER,
    retention: CASE_RETENTION,
    security_measures: BASE_MEASURES,
    // Recorded under the case, document and contact actions of the casework; no actions of its own.
    audit_actions: [],
  },
  {
    key: 'toegangsbeheer',
    name: 'Toegangsbeheer en beveiligingslogging',
    purpose:
      'Medewerkers, vrijwilligers en koppelingen (serviceaccounts) toegang geven en ontnemen, aanmelden met een tweede factor, sessies bijhouden, toegangsrechten periodiek beoordelen, beveiligingsgebeurtenissen melden en versleutelingssleutels beheren.',
    legal_basis: 'legal-obligation',
    legal_basis_detail: 'Art. 6 lid 1 sub c AVG in samenhang met art. 32 AVG (beveiliging van de verwerking).',
    data_subject_categories: ['Medewerkers', 'Vrijwilligers', 'Beheerders', 'Contactpersonen van ketenpartners (serviceaccounts)'],
    personal_data_categories: [
      'Gebruikersnaam, naam, e-mailadres en organisatie-eenheid',
      'Rollen, groepen en toekenningen met reden en termijn',
      'Aanmeldingen, sessies, IP-adres en browser (user agent)',
      'Tweede factoren (geheimen versleuteld) en herstelcodes (gehasht)',
    ],
    special_categories: [],
    recipients: ['Functioneel beheer, security officer en teamleiders voor hun eenheid'],
    processors: HOSTING,
    third_country_transfers: NO_TRANSFER,
    retention:
      'Beëindigde sessies 90 dagen (identity.retention); accounts en toekenningen blijven als historie bij het account; de audit trail houdt de gebeurtenissen volgens haar eigen bewaartermijnen.',
    security_measures: [
      'Wachtwoorden als Argon2id-hash, tweede factor verplicht, vergrendeling na mislukte pogingen',
      'Rechten toekennen met vier ogen waar ze verder reiken dan die van de toekenner',
      'Beveiligingsgebeurtenissen direct gemeld aan de verantwoordelijken',
    ],
    audit_actions: [
      'access-review.',
      'api-token.',
      'auth.',
      'grant.',
      'grant-request.',
      'group.',
      'keys.',
      'role.',
      'security.',
      'service-account.',
      'session.',
      'setup.',
      'unit.',
      'user.',
    ],
  },
  {
    key: 'audit-trail',
    name: 'Audit trail: verantwoording van inzage en wijziging',
    purpose:
      'Vastleggen wie welke persoonsgegevens wanneer inzag of wijzigde, voor verantwoording en controle, het opsporen van misbruik en het beantwoorden van inzageverzoeken; de audit trail verzegelen, controleren en naar een centrale logvoorziening sturen.',
    legal_basis: 'legal-obligation',
    legal_basis_detail: 'Art. 6 lid 1 sub c AVG in samenhang met art. 5 lid 2 (verantwoordingsplicht) en art. 32 AVG.',
    data_subject_categories: ['Alle betrokkenen van wie Casus gegevens verwerkt', 'Medewerkers en vrijwilligers (als handelende)'],
    personal_data_categories: [
      'Wie (gebruiker of koppeling), wat (handeling, object), wanneer, vanaf welk IP-adres en met welke browser',
      'Over wie (de betrokkene) en welke velden veranderden (niet de waarden)',
    ],
    special_categories: ['Het gegeven dat iemand cliënt is van Slachtofferhulp Nederland'],
    recipients: ['Security officer, privacy officer en auditors (met auditrechten)'],
    processors: HOSTING,
    third_country_transfers: NO_TRANSFER,
    retention: 'Per categorie van gebeurtenis, zoals ingesteld in de auditmodule (ADR 0025); de audit trail is onveranderbaar.',
    security_measures: [
      'Alleen toevoegen: wijzigen en verwijderen geweigerd, ook voor de eigenaar van de database',
      'Handelende en herkomst uit de verzegelde transactie, niet van de schrijver',
      'Lezen alleen met auditrechten, en het lezen zelf wordt vastgelegd',
    ],
    audit_actions: ['audit.'],
  },
  {
    key: 'privacybeheer',
    name: 'Privacybeheer: verzoeken van betrokkenen, verwerkingsregister en vernietiging',
    purpose:
      'Verzoeken van betrokkenen afhandelen (inzage, rectificatie, wissing), het verwerkingsregister bijhouden en zaken na hun bewaartermijn vernietigen op een goedgekeurde lijst.',
    legal_basis: 'legal-obligation',
    legal_basis_detail: 'Art. 6 lid 1 sub c AVG in samenhang met art. 12 tot en met 17 en art. 30 AVG.',
    data_subject_categories: ['Betrokkenen die een verzoek doen', 'Medewerkers die het register bijhouden'],
    personal_data_categories: [
      'Alles wat Casus over de betrokkene bewaart (bij een inzageverzoek)',
      'Wie het register wijzigde en wanneer',
    ],
    special_categories: ['Zoals bij de verwerkingen waarover het verzoek gaat'],
    recipients: ['De betrokkene zelf (het inzageoverzicht)', 'De functionaris gegevensbescherming'],
    processors: HOSTING,
    third_country_transfers: NO_TRANSFER,
    retention: 'Verzoeken en hun afhandeling: als gebeurtenis in de audit trail; het register met zijn historie zolang Casus bestaat.',
    security_measures: [
      'Inzage buiten de zaaktoegang om alleen met het recht privacy.subject-access, met een reden, via afgebakende databasefuncties die het recht zelf controleren',
      'Elk inzageoverzicht vastgelegd in de audit trail met de betrokkene',
    ],
    audit_actions: ['privacy.'],
  },
];

export const seedRegister: Migration = {
  name: '0002_seed_register',
  async up(db) {
    for (const s of SEEDS) {
      await sql`insert into processing_activity (key, name, purpose, legal_basis, legal_basis_detail, data_subject_categories,
          personal_data_categories, special_categories, recipients, processors, third_country_transfers, retention,
          security_measures, controller, dpo_contact, audit_actions)
        values (${s.key}, ${s.name}, ${s.purpose}, ${s.legal_basis}, ${s.legal_basis_detail}, ${s.data_subject_categories},
          ${s.personal_data_categories}, ${s.special_categories}, ${s.recipients}, ${s.processors}, ${s.third_country_transfers},
          ${s.retention}, ${s.security_measures}, ${CONTROLLER}, ${DPO}, ${s.audit_actions})`.execute(db);
    }
  },
  async down(db) {
    const keys = SEEDS.map((s) => s.key);
    await sql`delete from processing_activity_action where activity_id in (select id from processing_activity where key = any(${keys}::text[]))`.execute(
      db,
    );
    await sql`delete from processing_activity_history where activity_id in (select id from processing_activity where key = any(${keys}::text[]))`.execute(
      db,
    );
    await sql`delete from processing_activity where key = any(${keys}::text[])`.execute(db);
  },
};
