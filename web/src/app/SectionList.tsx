// The sections of a landing page (/admin, /audit, /privacy) the session's permissions open: each a link
// with what it is for, or one sentence when none is open.
import type { ReactElement } from 'react';
import { Link } from '@tanstack/react-router';
import { Anchor, List, Text } from '@mantine/core';
import { useT } from '../i18n/locale.tsx';
import type { MessageId } from '../i18n/messages.nl.ts';

export interface SectionLink {
  to: string;
  title: MessageId;
  about: MessageId;
}

export function SectionList({ sections, label, none }: { sections: SectionLink[]; label: MessageId; none: MessageId }): ReactElement {
  const t = useT();
  if (sections.length === 0) return <Text>{t(none)}</Text>;
  return (
    <List spacing="sm" listStyleType="none" aria-label={t(label)}>
      {sections.map((section) => (
        <List.Item key={section.to}>
          <Anchor component={Link} to={section.to} fw={600}>
            {t(section.title)}
          </Anchor>
          <Text size="sm">{t(section.about)}</Text>
        </List.Item>
      ))}
    </List>
  );
}
