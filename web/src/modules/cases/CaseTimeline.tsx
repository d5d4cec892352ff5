// What happened on the case, in time order. The API has no timeline read: this is composed from what the
// screen already has (no extra request, nothing extra read or audited): the case's opening and closing,
// its participants and live assignments, the contact moments and documents the sections have loaded.
// So it is as complete as those sections: "more" in a section adds to it; completed tasks, ended
// assignments and other changes are in the audit trail, not here.
import { Box, Stack, Text, Title } from '@mantine/core';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import type { CaseOverview } from './overview.ts';
import { useCaseLabels } from './labels.ts';
import { useCaseDocuments } from '../documents/CaseDocuments.tsx';

interface Entry {
  key: string;
  at: string;
  text: string;
  /** Within the same moment: the opening first (whoever opens a case is assigned in the same transaction). */
  rank?: number;
}

export function CaseTimeline({ overview }: { overview: CaseOverview }) {
  const t = useT();
  const labels = useCaseLabels();
  const formatDateTime = useFormatDateTime();
  const documents = useCaseDocuments(overview.case.id).data?.pages.flatMap((p) => p.items) ?? [];
  const { case: kase } = overview;
  const nameOf = (personId: string | null) => overview.participants.find((p) => p.personId === personId)?.person?.displayName;
  const entries: Entry[] = [
    { key: 'opened', at: kase.openedAt, text: t('cases.timeline.opened'), rank: -1 },
    ...(kase.closedAt ? [{ key: 'closed', at: kase.closedAt, text: t('cases.timeline.closed', { reason: kase.closeReason ?? '–' }) }] : []),
    ...overview.participants.map((p) => ({
      key: `participant-${p.id}`,
      at: p.addedAt,
      text: t('cases.timeline.participant', {
        name: p.person?.displayName ?? t('cases.participants.hidden'),
        role: labels.participantRole(p.role),
      }),
    })),
    ...kase.assignments.map((a) => ({
      key: `assignment-${a.id}`,
      at: a.assignedAt,
      text: t('cases.timeline.assigned', { name: a.displayName ?? t('cases.workers.unknown'), role: labels.assignmentRole(a.role) }),
    })),
    ...overview.latestContactMoments.map((m) => ({
      key: `contact-${m.id}`,
      at: m.occurredAt,
      text: nameOf(m.personId) ? t('cases.timeline.contactWith', { name: nameOf(m.personId)! }) : t('cases.timeline.contact'),
    })),
    ...documents.map((d) => ({ key: `document-${d.id}`, at: d.uploadedAt, text: t('cases.timeline.document', { name: d.filename }) })),
  ].sort((a, b) => a.at.localeCompare(b.at) || (a.rank ?? 0) - (b.rank ?? 0) || a.key.localeCompare(b.key));
  return (
    <Stack component="section" aria-labelledby="case-timeline-title" data-testid="case-timeline">
      <Title order={2} size="h3" id="case-timeline-title">
        {t('cases.timeline.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('cases.timeline.intro')}
      </Text>
      <Box component="ol" m={0} pl="md">
        {entries.map((entry) => (
          <li key={entry.key}>
            <Text size="sm">
              <Text span fw={600}>
                {formatDateTime(entry.at)}
              </Text>{' '}
              {entry.text}
            </Text>
          </li>
        ))}
      </Box>
    </Stack>
  );
}
