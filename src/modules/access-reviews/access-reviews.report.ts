// A campaign's report, the evidence of the review for auditors: one row per reviewed grant, as CSV
// (RFC 4180, safe to open in a spreadsheet) and as a paginated PDF.
import PDFDocument from 'pdfkit';
import type { UserSummary } from '../identity/index.ts';
import type { CampaignCounts, CampaignRow, ItemRow } from './access-reviews.repository.ts';

export const REPORT_HEADER = [
  'Grantee',
  'Grantee name',
  'Role',
  'Unit code',
  'Unit',
  'Reviewer',
  'Escalated to',
  'Decision',
  'Comment',
  'Decided by',
  'Decided at',
  'Outcome',
];

const REVIEW_MANAGERS = '(review managers)';

export function reportRows(items: readonly ItemRow[], users: ReadonlyMap<string, UserSummary>): string[][] {
  const name = (id: string | null) => (id === null ? '' : (users.get(id)?.username ?? id));
  return items.map((i) => [
    i.grantee_name,
    i.grantee_display_name,
    i.role_name,
    i.unit_code,
    i.unit_name,
    name(i.reviewer_id),
    i.escalated_at === null ? '' : i.escalated_to === null ? REVIEW_MANAGERS : name(i.escalated_to),
    i.decision ?? '',
    i.comment ?? '',
    name(i.decided_by),
    i.decided_at?.toISOString() ?? '',
    i.outcome ?? '',
  ]);
}

/** The people a report names besides the grantees (reviewers, escalation targets, deciders). */
export function peopleIn(items: readonly ItemRow[]): string[] {
  return [...new Set(items.flatMap((i) => [i.reviewer_id, i.escalated_to, i.decided_by].filter((id): id is string => id !== null)))];
}

/**
 * One CSV field. A cell a spreadsheet would read as a formula (= + - @, or a leading tab or carriage
 * return) gets a leading apostrophe (OWASP CSV injection); then RFC 4180 quoting.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180: CRLF line ends, a header line; a UTF-8 byte order mark so spreadsheets read accents. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return '\uFEFF' + [REPORT_HEADER, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

// The PDF's table: column widths (points, A4 landscape minus margins = 781.89) per header column.
const WIDTHS = [62, 80, 70, 50, 70, 58, 58, 40, 116, 58, 72, 47];
const MARGIN = 30;
const FONT_SIZE = 7;
/** A long comment is cut in the PDF; the CSV has it whole. */
const PDF_CELL_MAX = 400;

export function toPdf(
  campaign: CampaignRow,
  counts: CampaignCounts,
  facts: { unit: string },
  rows: readonly (readonly string[])[],
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `Access review: ${campaign.name}`, Author: 'Casus' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text(`Access review: ${campaign.name}`);
  doc.moveDown(0.5).font('Helvetica').fontSize(9);
  const factLines: [string, string][] = [
    ['Scope', campaign.scope === 'all' ? 'all grants' : 'privileged grants'],
    ['Organisational unit', facts.unit],
    [
      'Started',
      `${campaign.created_at.toISOString()}${campaign.started_by_schedule ? ` by schedule ${campaign.started_by_schedule} (${campaign.schedule_period})` : ''}`,
    ],
    ['Deadline', campaign.deadline.toISOString()],
    ['When not reviewed', campaign.on_missed === 'revoke' ? 'revoke the grant' : 'escalate'],
    [
      'Escalated',
      campaign.escalated_at
        ? `${campaign.escalated_at.toISOString()}, decidable until ${campaign.escalation_deadline?.toISOString()}`
        : 'no',
    ],
    ['Status', campaign.closed_at ? `closed ${campaign.closed_at.toISOString()}` : 'open'],
    [
      'Summary',
      `${counts.total} grants: ${counts.kept} kept, ${counts.revoked} revoked, ${counts.undecided} undecided (${counts.escalated} escalated, ${counts.revokedUnreviewed} revoked unreviewed)`,
    ],
  ];
  for (const [label, value] of factLines) doc.text(`${label}: ${value}`);
  doc.moveDown();

  const drawRow = (cells: readonly string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(FONT_SIZE);
    const texts = cells.map((c) => (c.length > PDF_CELL_MAX ? `${c.slice(0, PDF_CELL_MAX)}…` : c));
    const height = Math.max(...texts.map((t, i) => doc.heightOfString(t || ' ', { width: WIDTHS[i]! - 4 }))) + 4;
    if (doc.y + height > doc.page.height - MARGIN) {
      doc.addPage();
      if (!bold) drawRow(REPORT_HEADER, true);
    }
    const top = doc.y;
    let x = MARGIN;
    texts.forEach((text, i) => {
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
  drawRow(REPORT_HEADER, true);
  for (const row of rows) drawRow(row, false);
  if (rows.length === 0) doc.font('Helvetica').fontSize(9).text('No grants were in scope.', MARGIN);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin; without this pdfkit would start a new page for it.
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(7)
      .text(`${campaign.name} — page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 8, { lineBreak: false });
  }
  doc.end();
  return done;
}
