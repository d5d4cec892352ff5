// An alert's heading and text. Mantine's Alert title takes the alert's colour, which on its tinted
// background is below WCAG AA contrast for orange and red; here the heading is bold body text instead.
import { Text } from '@mantine/core';

export function AlertText({ title, text }: { title: string; text: string }) {
  return (
    <>
      <Text fw={700} size="sm">
        {title}
      </Text>
      <Text size="sm">{text}</Text>
    </>
  );
}
