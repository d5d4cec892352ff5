// Pieces of an audit event the trail's screens share: who acted, the action in words with its code, the
// result. Apart from the search page, so that the person screen's "who looked" does not load it.
import { Anchor, Badge, Code, Text } from '@mantine/core';
import { useT } from '../../i18n/locale.tsx';
import { ACTION_TEXT, OBJECT_TEXT, RESULT_COLOR, RESULT_TEXT, type AuditEvent, type AuditResult } from './events.ts';

/** The actor by name; a system component by its name; an account the trail has no name for by its id. */
export function ActorName({ actor }: { actor: AuditEvent['actor'] }) {
  const t = useT();
  if (actor.displayName) return <>{actor.displayName}</>;
  if (actor.kind === 'system') return <>{t('audit.events.actor.system', { name: actor.id ?? '' })}</>;
  if (actor.kind === 'anonymous' || !actor.id) return <>{t('audit.events.actor.anonymous')}</>;
  return <>{actor.id}</>;
}

/** The action in words when it is a common one, always with its code (what the filter takes). */
export function ActionName({ action }: { action: string }) {
  const t = useT();
  const known = ACTION_TEXT[action];
  return (
    <>
      {known && <Text size="sm">{t(known)}</Text>}
      <Code>{action}</Code>
    </>
  );
}

export function ResultBadge({ result }: { result: AuditResult }) {
  const t = useT();
  return (
    <Badge autoContrast color={RESULT_COLOR[result]}>
      {t(RESULT_TEXT[result])}
    </Badge>
  );
}

/** The object's kind in words (else its code) and its id; a case links to the case screen (its own route: a plain path). */
export function ObjectName({ type, id }: { type: string; id: string | null }) {
  const t = useT();
  const kind = OBJECT_TEXT[type];
  return (
    <>
      <Text size="sm">{kind ? t(kind) : type}</Text>
      {id &&
        (type === 'case' ? (
          <Anchor href={`/cases/${id}`} size="xs" ff="monospace">
            {id}
          </Anchor>
        ) : (
          <Text size="xs" ff="monospace">
            {id}
          </Text>
        ))}
    </>
  );
}
