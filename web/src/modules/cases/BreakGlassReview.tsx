// Break-the-glass, the second person's side (cases README, "Break-the-glass"):
// - pending requests for shielded cases (GET /break-glass-requests?status=pending), which the case's team
//   lead (cases.grant-access in its unit) or a security officer (cases.review-access there) approves or
//   refuses with a comment; the API says per request whether it is the caller's to decide
//   (allowedActions), never for her own request;
// - with cases.review-access: the accesses not reviewed yet (GET /break-glass-accesses?reviewed=false),
//   each marked reviewed with a comment (POST /break-glass-accesses/{grantId}/review), not one's own.
// Both lists answer at most `limit` items without a cursor: the screen asks 100 and says when there are more.
// A decision is a form (useSignInAgain: an ended session keeps the comment); the panel takes the focus,
// it is not a modal (web/README.md on the CSP).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { api, ProblemError, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { problemFieldErrors, useFieldErrors } from '../../app/forms.ts';
import { sessionQuery } from '../identity/session.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';

type BreakGlassRequest = paths['/break-glass-requests']['get']['responses'][200]['content']['application/json']['items'][number];
type BreakGlassAccess = paths['/break-glass-accesses']['get']['responses'][200]['content']['application/json']['items'][number];

const LIMIT = 100;
/** The API's Reason: at least ten characters (kernel/http/schemas.ts). */
const MIN_COMMENT = 10;
const requestsKey = ['break-glass', 'requests', 'pending'] as const;
const accessesKey = ['break-glass', 'accesses', 'unreviewed'] as const;

type Decision = { kind: 'request'; request: BreakGlassRequest } | { kind: 'access'; access: BreakGlassAccess };

export function BreakGlassReview() {
  const t = useT();
  const session = useQuery(sessionQuery).data;
  const reviews = (session?.permissions['cases.review-access']?.length ?? 0) > 0;
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [done, setDone] = useState<MessageId | null>(null);
  const requests = usePagedList(requestsKey, async () => ({
    ...unwrap(await api.GET('/break-glass-requests', { params: { query: { status: 'pending', limit: LIMIT } } })),
    next: null,
  }));

  const open = (decision: Decision) => {
    setDone(null);
    setDeciding(decision);
  };

  return (
    <Stack gap="xl">
      {done && (
        <Alert color="green" role="status">
          {t(done)}
        </Alert>
      )}
      {deciding && (
        <DecisionPanel
          key={deciding.kind === 'request' ? deciding.request.id : deciding.access.id}
          decision={deciding}
          onClose={(result) => {
            setDeciding(null);
            setDone(result);
          }}
        />
      )}
      <PagedSection
        id="break-glass-requests"
        texts={{
          title: 'team.breakGlass.requests.title',
          loading: 'team.breakGlass.requests.loading',
          empty: 'team.breakGlass.requests.empty',
          error: 'team.breakGlass.requests.error',
        }}
        list={requests}
      >
        {(items) => <RequestsTable items={items} onDecide={(request) => open({ kind: 'request', request })} />}
      </PagedSection>
      {reviews && <Accesses myId={session?.user.id} onReview={(access) => open({ kind: 'access', access })} />}
    </Stack>
  );
}

/** The names come with the lists: the requester is often of another team, whose users the caller may not read. */
function useNameOf() {
  const t = useT();
  return (id: string | null, name: string | null) => (id === null ? '' : (name ?? t('team.breakGlass.unknownUser')));
}

function RequestsTable(props: { items: BreakGlassRequest[]; onDecide: (request: BreakGlassRequest) => void }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const nameOf = useNameOf();
  return (
    <>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('team.breakGlass.case')}</Table.Th>
            <Table.Th>{t('team.breakGlass.requestedBy')}</Table.Th>
            <Table.Th>{t('team.breakGlass.reason')}</Table.Th>
            <Table.Th>{t('team.breakGlass.requestedAt')}</Table.Th>
            <Table.Th>{t('team.breakGlass.decideBefore')}</Table.Th>
            <Table.Th>{t('team.queue.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.items.map((request) => (
            <Table.Tr key={request.id}>
              {/* A shielded case: its number only; its content opens after an approval, to the requester. */}
              <Table.Td>{request.caseNumber}</Table.Td>
              <Table.Td>{nameOf(request.requestedBy, request.requestedByName)}</Table.Td>
              <Table.Td>{request.reason}</Table.Td>
              <Table.Td>{formatDateTime(request.requestedAt)}</Table.Td>
              <Table.Td>{formatDateTime(request.expiresAt)}</Table.Td>
              <Table.Td>
                {request.allowedActions.includes('approve') || request.allowedActions.includes('refuse') ? (
                  <Button
                    size="xs"
                    variant="light"
                    aria-label={t('team.breakGlass.decideCase', { number: request.caseNumber })}
                    onClick={() => props.onDecide(request)}
                  >
                    {t('team.breakGlass.decide')}
                  </Button>
                ) : (
                  <Text size="sm">{t('team.breakGlass.notYours')}</Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {props.items.length >= LIMIT && <Text size="sm">{t('team.breakGlass.more', { count: LIMIT })}</Text>}
    </>
  );
}

function Accesses(props: { myId: string | undefined; onReview: (access: BreakGlassAccess) => void }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const nameOf = useNameOf();
  const accesses = usePagedList(accessesKey, async () => ({
    ...unwrap(await api.GET('/break-glass-accesses', { params: { query: { reviewed: false, limit: LIMIT } } })),
    next: null,
  }));
  return (
    <PagedSection
      id="break-glass-accesses"
      texts={{
        title: 'team.breakGlass.accesses.title',
        loading: 'team.breakGlass.accesses.loading',
        empty: 'team.breakGlass.accesses.empty',
        error: 'team.breakGlass.accesses.error',
      }}
      list={accesses}
    >
      {(items) => (
        <>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('team.breakGlass.case')}</Table.Th>
                <Table.Th>{t('team.breakGlass.user')}</Table.Th>
                <Table.Th>{t('team.breakGlass.reason')}</Table.Th>
                <Table.Th>{t('team.breakGlass.grantedAt')}</Table.Th>
                <Table.Th>{t('team.breakGlass.expiresAt')}</Table.Th>
                <Table.Th>{t('team.breakGlass.grantedBy')}</Table.Th>
                <Table.Th>{t('team.queue.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((access) => (
                <Table.Tr key={access.id}>
                  <Table.Td>{access.caseNumber}</Table.Td>
                  <Table.Td>{nameOf(access.userId, access.userName)}</Table.Td>
                  <Table.Td>{access.reason}</Table.Td>
                  <Table.Td>{formatDateTime(access.grantedAt)}</Table.Td>
                  <Table.Td>{access.expiresAt ? formatDateTime(access.expiresAt) : ''}</Table.Td>
                  <Table.Td>
                    {access.grantedBy === access.userId ? t('team.breakGlass.selfGranted') : nameOf(access.grantedBy, access.grantedByName)}
                  </Table.Td>
                  <Table.Td>
                    {/* One's own access is someone else's to review (the API refuses it). */}
                    {access.userId !== props.myId ? (
                      <Button
                        size="xs"
                        variant="light"
                        aria-label={t('team.breakGlass.reviewCase', { number: access.caseNumber })}
                        onClick={() => props.onReview(access)}
                      >
                        {t('team.breakGlass.review')}
                      </Button>
                    ) : (
                      <Text size="sm">{t('team.breakGlass.own')}</Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {items.length >= LIMIT && <Text size="sm">{t('team.breakGlass.more', { count: LIMIT })}</Text>}
        </>
      )}
    </PagedSection>
  );
}

const DECISION_PROBLEMS: Record<number, MessageId> = {
  403: 'team.breakGlass.failed.forbidden',
  404: 'team.breakGlass.failed.gone',
  409: 'team.breakGlass.failed.decided',
};

function DecisionPanel(props: { decision: Decision; onClose: (done: MessageId | null) => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const nameOf = useNameOf();
  const heading = useRef<HTMLHeadingElement>(null);
  const [comment, setComment] = useState('');
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const { decision } = props;
  useEffect(() => heading.current?.focus(), []);

  const save = useMutation({
    mutationFn: async (action: 'approve' | 'refuse' | 'review'): Promise<MessageId> => {
      const body = { comment: comment.trim() };
      if (decision.kind === 'access') {
        unwrap(await api.POST('/break-glass-accesses/{grantId}/review', { params: { path: { grantId: decision.access.id } }, body }));
        return 'team.breakGlass.reviewed';
      }
      const path = { requestId: decision.request.id };
      if (action === 'approve') unwrap(await api.POST('/break-glass-requests/{requestId}/approve', { params: { path }, body }));
      else unwrap(await api.POST('/break-glass-requests/{requestId}/refuse', { params: { path }, body }));
      return action === 'approve' ? 'team.breakGlass.approved' : 'team.breakGlass.refused';
    },
    onSuccess: async (done) => {
      await queryClient.invalidateQueries({ queryKey: ['break-glass'] });
      props.onClose(done);
    },
    onError: async (error) => {
      if (signInAgain.caught(error)) return;
      setErrors(problemFieldErrors(error, () => t('team.breakGlass.commentRejected')));
      // Decided or reviewed by someone else meanwhile: the lists show it.
      if (error instanceof ProblemError && [404, 409].includes(error.problem.status))
        await queryClient.invalidateQueries({ queryKey: ['break-glass'] });
    },
  });
  const submitWith = (action: 'approve' | 'refuse' | 'review') => (event?: FormEvent) => {
    event?.preventDefault();
    if (comment.trim().length < MIN_COMMENT)
      return setErrors({ comment: comment.trim() ? t('team.breakGlass.commentTooShort', { min: MIN_COMMENT }) : t('form.required') });
    setErrors({});
    save.mutate(action);
  };
  const caseNumber = decision.kind === 'request' ? decision.request.caseNumber : decision.access.caseNumber;
  const who =
    decision.kind === 'request'
      ? nameOf(decision.request.requestedBy, decision.request.requestedByName)
      : nameOf(decision.access.userId, decision.access.userName);
  const problemText = save.error instanceof ProblemError ? DECISION_PROBLEMS[save.error.problem.status] : undefined;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="break-glass-decision-title" maw={640}>
      <Stack>
        <Title order={2} size="h3" id="break-glass-decision-title" ref={heading} tabIndex={-1}>
          {decision.kind === 'request'
            ? t('team.breakGlass.decideTitle', { number: caseNumber })
            : t('team.breakGlass.reviewTitle', { number: caseNumber })}
        </Title>
        <Text>
          {t('team.breakGlass.summary', {
            name: who,
            reason: decision.kind === 'request' ? decision.request.reason : decision.access.reason,
          })}
        </Text>
        {signInAgain.panel(() => save.reset())}
        <form ref={formRef} onSubmit={submitWith(decision.kind === 'request' ? 'approve' : 'review')} noValidate>
          <Stack>
            {save.isError &&
              !signInAgain.ended &&
              Object.keys(errors).length === 0 &&
              (problemText ? (
                <Alert color="red" role="alert">
                  {t(problemText)}
                </Alert>
              ) : (
                <ProblemAlert error={save.error} />
              ))}
            <Textarea
              id="break-glass-comment"
              label={t('team.breakGlass.comment')}
              description={t('team.breakGlass.commentHint', { min: MIN_COMMENT })}
              required
              autosize
              minRows={2}
              maxLength={2000}
              value={comment}
              onChange={(event) => {
                setComment(event.currentTarget.value);
                // The error said what was missing; typing is the answer to it.
                if (errors.comment) setErrors({});
              }}
              error={errors.comment}
            />
            <Group>
              {decision.kind === 'request' ? (
                <>
                  {decision.request.allowedActions.includes('approve') && (
                    <SubmitButton pending={save.isPending && save.variables === 'approve'} disabled={signInAgain.ended}>
                      {t('team.breakGlass.approve')}
                    </SubmitButton>
                  )}
                  {decision.request.allowedActions.includes('refuse') && (
                    <Button
                      color="red"
                      variant="outline"
                      loading={save.isPending && save.variables === 'refuse'}
                      disabled={signInAgain.ended}
                      onClick={() => submitWith('refuse')()}
                    >
                      {t('team.breakGlass.refuse')}
                    </Button>
                  )}
                </>
              ) : (
                <SubmitButton pending={save.isPending} disabled={signInAgain.ended}>
                  {t('team.breakGlass.markReviewed')}
                </SubmitButton>
              )}
              <Button variant="subtle" onClick={() => props.onClose(null)}>
                {t('team.breakGlass.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
