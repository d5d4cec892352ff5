// The frame of the screens before sign-in: one card in the middle, the language switch above it.
// The heading takes the focus when the step changes, so a screen reader announces the new step.
import { useEffect, useRef, type ReactNode } from 'react';
import { Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { useT } from '../i18n/locale.tsx';

export function CenteredPage({ title, step, children }: { title: string; step: string; children: ReactNode }) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [step]);
  return (
    <Container size="xs" py="xl" component="main">
      <Stack>
        <Group justify="space-between" align="flex-end">
          <Text fw={700} size="xl">
            {t('app.name')}
          </Text>
          <LanguageSwitch />
        </Group>
        <Paper withBorder shadow="sm" p="lg" radius="md">
          <Stack>
            <Title order={1} size="h2" ref={heading} tabIndex={-1}>
              {title}
            </Title>
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Container>
  );
}
