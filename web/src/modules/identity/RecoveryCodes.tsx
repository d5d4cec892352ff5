// The recovery codes, shown once after the first second factor is set up.
import { Button, List, Stack, Text } from '@mantine/core';
import { useT } from '../../i18n/locale.tsx';

export function RecoveryCodes({ codes, onContinue }: { codes: string[]; onContinue: () => void }) {
  const t = useT();
  return (
    <Stack>
      <Text>{t('recovery.intro')}</Text>
      <List aria-label={t('recovery.listLabel')} ff="monospace" data-testid="recovery-codes">
        {codes.map((code) => (
          <List.Item key={code}>{code}</List.Item>
        ))}
      </List>
      <Button onClick={onContinue}>{t('recovery.done')}</Button>
    </Stack>
  );
}
