// What the sections of a data-subject request's page share: the frame of a section and the texts of the
// problems a person's routes answer with.
import { type ReactNode } from 'react';
import { Stack, Text, Title } from '@mantine/core';
import type { MessageId } from '../../i18n/messages.nl.ts';

export const PERSON_PROBLEMS: Record<string, MessageId> = {
  'not-found': 'privacy.person.notFound',
  forbidden: 'privacy.problem.forbidden',
};

export function Section({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) {
  return (
    <Stack component="section" aria-labelledby={id} gap="sm" maw={960}>
      <Title order={2} size="h3" id={id}>
        {title}
      </Title>
      <Text size="sm" maw={720}>
        {intro}
      </Text>
      {children}
    </Stack>
  );
}
