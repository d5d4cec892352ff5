// The data-subject export as a PDF for the person who asked (Dutch: the letter goes to a Dutch
// client): the same content as the JSON, section by section, each record as "label: value" lines,
// paginated with a footer. pdfkit with its built-in Helvetica, as the access review report: text
// outside Windows-1252 (the font's encoding) is written without its accents, or as "?" when there is
// no plain letter for it; the JSON export has every character as stored.
import PDFDocument from 'pdfkit';
import type { SubjectAccessExport } from './subject-access.schemas.ts';

const MARGIN = 50;
const LABEL_WIDTH = 150;

// Windows-1252's characters above 0x7E that are not Latin-1 (pdfkit maps these for its built-in fonts).
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text the built-in font can show: Windows-1252 as is, other letters without their accents, else "?". */
export function pdfText(value: string): string {
  return [...value]
    .map((c) => {
      const code = c.codePointAt(0)!;
      if (c === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || CP1252_EXTRA.has(c)) return c;
      const plain = c.normalize('NFKD').replace(/\p{M}/gu, '');
      return plain !== '' && [...plain].every((p) => p.codePointAt(0)! <= 0xff) ? plain : '?';
    })
    .join('');
}

type Value = string | number | boolean | null | undefined | readonly unknown[] | Record<string, unknown>;

function show(value: Value): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map((v) => show(v as Value)).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A nested value (a referral's payload) as "a.b: value" lines. */
function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix, show(value as Value)]];
}

export function subjectAccessPdf(data: SubjectAccessExport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: 'Inzage in persoonsgegevens (AVG artikel 15)', Author: 'Casus' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;

  const heading = (text: string) => {
    if (doc.y > doc.page.height - MARGIN - 60) doc.addPage();
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(pdfText(text), MARGIN, doc.y, { width });
    doc.moveDown(0.3);
  };
  const line = (label: string, value: Value) => {
    const text = pdfText(show(value));
    doc.font('Helvetica').fontSize(9);
    const height = Math.max(
      doc.heightOfString(pdfText(label), { width: LABEL_WIDTH - 8 }),
      doc.heightOfString(text, { width: width - LABEL_WIDTH }),
    );
    if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
    const top = doc.y;
    doc.fillColor('#555555').text(pdfText(label), MARGIN, top, { width: LABEL_WIDTH - 8 });
    doc.fillColor('#000000').text(text, MARGIN + LABEL_WIDTH, top, { width: width - LABEL_WIDTH });
    doc.y = top + height + 2;
  };
  const record = (title: string, lines: [string, Value][]) => {
    if (doc.y > doc.page.height - MARGIN - 40) doc.addPage();
    doc.moveDown(0.4).font('Helvetica-Bold').fontSize(9).text(pdfText(title), MARGIN, doc.y, { width });
    for (const [label, value] of lines) line(label, value);
  };
  const none = (what: string) =>
    doc
      .font('Helvetica-Oblique')
      .fontSize(9)
      .text(pdfText(`Geen ${what}.`), MARGIN, doc.y, { width });

  const p = data.person;
  doc.font('Helvetica-Bold').fontSize(16).text('Inzage in persoonsgegevens', MARGIN, MARGIN, { width });
  doc.font('Helvetica').fontSize(9).moveDown(0.3);
  doc.text(pdfText(`Overzicht van alles wat Slachtofferhulp Nederland in Casus over ${p.displayName} bewaart (AVG artikel 15).`), {
    width,
  });
  doc.text(`Gemaakt op ${data.generatedAt}. Namen en gegevens van andere betrokkenen zijn weggelaten: [andere betrokkene].`, { width });

  heading('Persoonsgegevens');
  const personLines = (q: SubjectAccessExport['person']): [string, Value][] => [
    ['Voornamen', q.voornamen],
    ['Roepnaam', q.roepnaam],
    ['Tussenvoegsel', q.tussenvoegsel],
    ['Achternaam', q.achternaam],
    ['Geboortedatum', q.dateOfBirth],
    ['BSN', q.bsn],
    ['Telefoon', q.phones],
    ['E-mail', q.emails],
    [
      'Adres',
      q.address
        ? [
            q.address.street,
            [q.address.huisnummer, q.address.toevoeging].filter(Boolean).join(''),
            q.address.postcode,
            q.address.city,
            q.address.country,
          ]
            .filter(Boolean)
            .join(' ')
        : null,
    ],
    ['Afgeschermd adres', q.confidentialAddress],
    ['Voorkeurstaal', q.preferredLanguage],
    ['Tolk nodig', q.interpreterNeeded],
    ['Kwetsbaarheden', q.vulnerabilities],
    ['Geregistreerd', q.createdAt],
    ['Laatst gewijzigd', q.updatedAt],
  ];
  for (const l of personLines(p)) line(...l);
  for (const m of data.mergedRecords) record(`Samengevoegde registratie (${m.id})`, personLines(m));

  heading('Toestemmingen');
  if (data.consents.length === 0) none('toestemmingen');
  for (const c of data.consents)
    record(`${c.subject}: ${c.given ? 'gegeven' : 'ingetrokken'}`, [
      ['Vastgelegd', c.recordedAt],
      ['Bron', c.source],
      ['Toelichting', c.note],
    ]);

  heading('Zaken');
  if (data.cases.length === 0) none('zaken');
  for (const c of data.cases)
    record(`Zaak ${c.number}`, [
      ['Soort', c.caseType],
      ['Uw rol', c.role],
      ['Status', c.status],
      ['Hulptrajecten', c.tracks],
      ['Geopend', c.openedAt],
      ['Gesloten', c.closedAt],
      ['Reden van sluiten', c.closeReason],
      ['Bewaren tot', c.retentionUntil],
      ['Gebeurtenis', c.incident ? `${c.incident.category}, ${show(c.incident.occurredOn)}, ${show(c.incident.place)}` : null],
      ['Kenmerk politie', c.incident?.policeReference],
      ['Kenmerk OM', c.incident?.prosecutorReference],
      ['Omschrijving', c.incident?.description],
      ...(c.custom ? flatten(c.custom).map(([k, v]): [string, Value] => [`Veld ${k}`, v]) : []),
    ]);

  heading('Contactmomenten');
  if (data.contactMoments.length === 0) none('contactmomenten');
  for (const m of data.contactMoments)
    record(`${m.occurredAt} — ${m.channel}, ${m.direction}`, [
      ['Met', m.personId ? 'u' : 'over de zaak'],
      ['Duur (minuten)', m.durationMinutes],
      ['Uitkomst', m.outcome],
      ['Verslag', m.summary],
    ]);

  heading('Documenten (naam en datum, niet de inhoud)');
  if (data.documents.length === 0) none('documenten');
  for (const d of data.documents)
    record(d.filename, [
      ['Soort', d.documentType],
      ['Toegevoegd', d.uploadedAt],
      ['Verwijderd', d.deletedAt],
    ]);

  heading('Aanmeldingen');
  if (data.referrals.length === 0) none('aanmeldingen');
  for (const r of data.referrals)
    record(`Aanmelding van ${r.source} (${r.receivedAt})`, [
      ['Kenmerk aanmelder', r.sourceReference],
      ['Status', r.status],
      ['Toestemming', r.consentGiven],
      ...flatten(r.payload).map(([k, v]): [string, Value] => [`Ontvangen ${k}`, v]),
      ...r.attempts.map((a): [string, Value] => [`Contactpoging ${a.at}`, `${a.channel}: ${a.outcome}${a.note ? ` (${a.note})` : ''}`]),
    ]);

  heading('Taken');
  if (data.tasks.length === 0) none('taken');
  for (const t of data.tasks)
    record(t.title, [
      ['Omschrijving', t.description],
      ['Status', t.status],
      ['Uiterlijk', t.dueAt],
      ['Aangemaakt', t.createdAt],
    ]);

  heading('Wie uw gegevens inzag of wijzigde');
  if (data.accessLog.length === 0) none('vastgelegde inzage');
  for (const e of data.accessLog)
    line(
      e.occurredAt,
      `${e.action} (${e.processingActivity?.name ?? 'geen verwerking in het register'}) door ${e.actorKind}${e.actorId ? ` ${e.actorId}` : ''}${e.result === 'success' ? '' : `, ${e.result}`}`,
    );

  heading('Wijzigingen in uw gegevens');
  if (data.rectificationHistory.length === 0) none('wijzigingen');
  for (const e of data.rectificationHistory)
    line(
      e.occurredAt,
      `${e.action}: ${e.changedFields.length > 0 ? e.changedFields.join(', ') : 'vastgelegd'}${e.reason ? ` — ${e.reason}` : ''}`,
    );

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin; without this pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(7)
      .fillColor('#555555')
      .text(`Inzageoverzicht ${data.dataSubjectId} — pagina ${i + 1} van ${range.count}`, MARGIN, doc.page.height - MARGIN + 15, {
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
