// A destruction round's report (verantwoording van de vernietiging): which cases went (number, id,
// type, unit, retention date), what went with each (counts per kind), which were skipped or removed
// from the list and why, when, and on whose review and approval. It holds no personal data of those
// destroyed: ids, numbers, types, dates and counts; the only names are the staff who signed. JSON (the
// API's answer) and a paginated PDF for the archive.
import PDFDocument from 'pdfkit';
import type { DestructionCounts } from '../privacy.tables.ts';
import type { ItemRow } from './destruction.repository.ts';
import type { RoundView } from './destruction.service.ts';

interface Person {
  id: string;
  displayName: string | null;
}

export interface ReportItem {
  caseId: string;
  caseNumber: string;
  caseTypeKey: string;
  owningUnitId: string;
  retentionUntil: string;
  status: ItemRow['status'];
  doneAt: string | null;
  skipReason: string | null;
  removedBy: Person | null;
  removedAt: string | null;
  removalReason: string | null;
  counts: DestructionCounts | null;
}

export interface DestructionReport {
  round: RoundView;
  generatedAt: string;
  items: ReportItem[];
}

export function reportOf(round: RoundView, items: readonly ItemRow[], who: (id: string | null) => Person | null): DestructionReport {
  return {
    round,
    generatedAt: new Date().toISOString(),
    items: items.map((i) => ({
      caseId: i.case_id,
      caseNumber: i.case_number,
      caseTypeKey: i.case_type_key,
      owningUnitId: i.owning_unit_id,
      retentionUntil: i.retention_until,
      status: i.status,
      doneAt: i.done_at?.toISOString() ?? null,
      skipReason: i.skip_reason,
      removedBy: who(i.removed_by),
      removedAt: i.removed_at?.toISOString() ?? null,
      removalReason: i.removal_reason,
      counts: i.counts,
    })),
  };
}

const KINDS: [keyof DestructionCounts, string][] = [
  ['contactMoments', 'Contact moments'],
  ['documents', 'Documents (crypto-shredded)'],
  ['tasks', 'Tasks'],
  ['referrals', 'Referrals'],
  ['participants', 'Participations'],
  ['assignments', 'Assignments'],
  ['incidents', 'Incidents'],
  ['personsErased', 'Persons erased'],
  ['personsKept', 'Persons kept (still referred to elsewhere)'],
];

const HEADER = ['Case number', 'Case id', 'Type', 'Kept until', 'Outcome', 'When', 'Contact', 'Docs', 'Tasks', 'Persons erased', 'Note'];
// Column widths in points: A4 landscape minus margins = 781.89.
const WIDTHS = [70, 160, 60, 52, 52, 105, 40, 36, 36, 50, 120];
const MARGIN = 30;
const FONT_SIZE = 7;

const signed = (person: Person | null, at: string | null) =>
  person ? `${person.displayName ?? person.id} (${person.id}), ${at ?? ''}` : 'not yet';

function rowOf(item: ReportItem): string[] {
  const note =
    item.status === 'removed'
      ? `removed by ${item.removedBy?.displayName ?? item.removedBy?.id ?? '?'}: ${item.removalReason ?? ''}`
      : item.status === 'skipped'
        ? `skipped: ${item.skipReason ?? ''}`
        : item.counts && item.counts.personsKept > 0
          ? `${item.counts.personsKept} person(s) kept: still referred to elsewhere`
          : '';
  return [
    item.caseNumber,
    item.caseId,
    item.caseTypeKey,
    item.retentionUntil,
    item.status,
    item.doneAt ?? item.removedAt ?? '',
    item.counts ? String(item.counts.contactMoments) : '',
    item.counts ? String(item.counts.documents) : '',
    item.counts ? String(item.counts.tasks) : '',
    item.counts ? String(item.counts.personsErased) : '',
    note,
  ];
}

export function toPdf(report: DestructionReport): Promise<Buffer> {
  const { round } = report;
  const title = `Destruction round ${round.id}`;
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: title, Author: 'Casus' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text(`Vernietigingsverklaring / destruction report`);
  doc.moveDown(0.3).font('Helvetica').fontSize(9);
  const facts: [string, string][] = [
    ['Round', round.id],
    ['Status', round.status],
    ['Cases kept until before', round.cutoff],
    ['Drawn up', `${round.proposedAt}${round.proposedBy ? ` by ${signed(round.proposedBy, null)}` : ' by the monthly schedule'}`],
    ['Reviewed (first signature)', signed(round.reviewedBy, round.reviewedAt)],
    ['Approved (second signature)', signed(round.approvedBy, round.approvedAt)],
    ['Carried out', round.startedAt ? `${round.startedAt} – ${round.completedAt ?? 'in progress'}` : 'not yet'],
    ...(round.cancelledAt
      ? ([['Cancelled', `${signed(round.cancelledBy, round.cancelledAt)}: ${round.cancelReason ?? ''}`]] as [string, string][])
      : []),
    [
      'Cases',
      `${round.tally.destroyed} destroyed, ${round.tally.skipped} skipped, ${round.tally.removed} removed from the list, ${round.tally.withdrawn} withdrawn (list cancelled), ${round.tally.pending} pending`,
    ],
    ['Destroyed with them', KINDS.map(([kind, label]) => `${label}: ${round.tally.totals[kind]}`).join('; ')],
    [
      'Per case type',
      Object.entries(round.tally.byCaseType)
        .map(([type, n]) => `${type}: ${n}`)
        .join('; ') || '-',
    ],
    ['Report made', report.generatedAt],
  ];
  for (const [label, value] of facts) doc.text(`${label}: ${value}`);
  doc
    .moveDown(0.3)
    .fontSize(8)
    .text('This report holds no personal data of those whose cases were destroyed: numbers, ids, types, dates and counts.');
  doc.moveDown();

  const drawRow = (cells: readonly string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE);
    const height = Math.max(...cells.map((t, i) => doc.heightOfString(t || ' ', { width: WIDTHS[i]! - 4 }))) + 4;
    if (doc.y + height > doc.page.height - MARGIN) {
      doc.addPage();
      if (!bold) drawRow(HEADER, true);
    }
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((text, i) => {
      doc.text(text, x + 2, top + 2, { width: WIDTHS[i]! - 4, lineBreak: true });
      x += WIDTHS[i]!;
    });
    doc
      .moveTo(MARGIN, top + height)
      .lineTo(x, top + height)
      .lineWidth(0.3)
      .stroke('#999999');
    doc.x = MARGIN;
    doc.y = top + height;
  };
  drawRow(HEADER, true);
  for (const item of report.items) drawRow(rowOf(item), false);
  if (report.items.length === 0) doc.font('Helvetica').fontSize(9).text('The round lists no case you may see.', MARGIN);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(7)
      .text(`${title} — page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 8, { lineBreak: false });
  }
  doc.end();
  return done;
}
