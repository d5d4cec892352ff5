// Who did something, as the audit trail and the register keep it: the kind of actor and the account's
// id (no name: the privacy officer may hold no right to read accounts), or "you".
import type { ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Code } from '@mantine/core';
import { useT } from '../../i18n/locale.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';
import { sessionQuery } from '../identity/session.ts';

const ACTOR_KINDS: Record<string, MessageId> = {
  user: 'privacy.actor.user',
  service: 'privacy.actor.service',
  system: 'privacy.actor.system',
  anonymous: 'privacy.actor.anonymous',
  account: 'privacy.actor.account',
};

/** The audit trail keeps the account, not a name: the kind of actor, and the account's id. */
export function ActorName({ kind, id }: { kind: string; id: string | null }): ReactElement {
  const t = useT();
  const me = useQuery(sessionQuery).data?.user.id;
  const label = ACTOR_KINDS[kind] ? t(ACTOR_KINDS[kind]) : kind;
  if (id && id === me) return <>{t('privacy.actor.you')}</>;
  return (
    <>
      {label}
      {id && (
        <>
          {' '}
          <Code>{id}</Code>
        </>
      )}
    </>
  );
}
