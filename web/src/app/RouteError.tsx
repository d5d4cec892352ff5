import { Container } from '@mantine/core';
import { ProblemAlert } from './problems.tsx';

export function RouteError({ error }: { error: unknown }) {
  return (
    <Container size="xs" py="xl" component="main">
      <ProblemAlert error={error} />
    </Container>
  );
}
