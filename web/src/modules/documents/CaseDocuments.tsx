// Documents on the case screen: the list (GET /cases/{caseId}/documents, paged; restricted documents are
// left out by the API for whoever may not see them, never by this screen), download, delete with a
// reason where the document's allowedActions allow it, and upload with progress. The upload goes through
// XMLHttpRequest (fetch reports no upload progress) as the raw body with the name in Content-Disposition;
// the server scans it: a virus hit is quarantined (422 document-quarantined) and the screen says so.
import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Input,
  NativeSelect,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { api, currentCsrfToken, ProblemError, unwrap, type Problem } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { useFormatDateTime, useT } from '../../i18n/locale.tsx';
import type { MessageId } from '../../i18n/messages.nl.ts';
import { PagedSection, usePagedList } from '../../app/PagedSection.tsx';
import { ProblemAlert } from '../../app/problems.tsx';
import { SubmitButton } from '../../app/SubmitButton.tsx';
import { useReturnFocus } from '../../app/focus.ts';
import { useFieldErrors } from '../../app/forms.ts';
import { useSignInAgain } from '../identity/SignInAgain.tsx';
import { sessionQuery } from '../identity/session.ts';
import { holdsIn, type CaseDetails } from '../cases/overview.ts';
import { ReasonForm } from '../cases/ReasonForm.tsx';
import { AlertText } from '../cases/AlertText.tsx';

type DocumentItem = paths['/cases/{caseId}/documents']['get']['responses'][200]['content']['application/json']['items'][number];
type DocumentType = DocumentItem['documentType'];

const TYPES: Record<DocumentType, MessageId> = {
  correspondence: 'documents.type.correspondence',
  'police-report': 'documents.type.policeReport',
  medical: 'documents.type.medical',
  legal: 'documents.type.legal',
  financial: 'documents.type.financial',
  identity: 'documents.type.identity',
  other: 'documents.type.other',
};

const documentsKey = (caseId: string) => ['case', caseId, 'documents'] as const;

/** The case's documents, paged (the case timeline reads the same pages). */
export function useCaseDocuments(caseId: string) {
  return usePagedList(documentsKey(caseId), async (after) =>
    unwrap(await api.GET('/cases/{caseId}/documents', { params: { path: { caseId }, query: { limit: 25, after } } })),
  );
}

export function CaseDocuments({ kase }: { kase: CaseDetails }) {
  const t = useT();
  const formatDateTime = useFormatDateTime();
  const queryClient = useQueryClient();
  const listKey = documentsKey(kase.id);
  const documents = useCaseDocuments(kase.id);
  const refresh = () => queryClient.invalidateQueries({ queryKey: listKey });
  const [deleting, setDeleting] = useState<string | null>(null);
  return (
    <Stack data-testid="case-documents-section">
      <PagedSection
        id="case-documents"
        texts={{ title: 'documents.title', loading: 'documents.loading', empty: 'documents.empty', error: 'documents.error' }}
        list={documents}
      >
        {(items) => (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('documents.column.name')}</Table.Th>
                <Table.Th>{t('documents.column.type')}</Table.Th>
                <Table.Th>{t('documents.column.uploadedAt')}</Table.Th>
                <Table.Th>{t('documents.column.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((doc) => (
                <DocumentRow
                  key={doc.id}
                  doc={doc}
                  uploadedAt={formatDateTime(doc.uploadedAt)}
                  deleting={deleting === doc.id}
                  onDelete={() => setDeleting(doc.id)}
                  onDeleted={() => {
                    setDeleting(null);
                    void refresh();
                  }}
                  onCancel={() => setDeleting(null)}
                />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </PagedSection>
      {kase.allowedActions.includes('update') && <UploadDocument kase={kase} onUploaded={() => void refresh()} />}
    </Stack>
  );
}

function DocumentRow({
  doc,
  uploadedAt,
  deleting,
  onDelete,
  onDeleted,
  onCancel,
}: {
  doc: DocumentItem;
  uploadedAt: string;
  deleting: boolean;
  onDelete: () => void;
  onDeleted: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const deleteButton = useReturnFocus<HTMLButtonElement>(deleting);
  return (
    <>
      <Table.Tr data-testid="case-document">
        <Table.Td>
          <Group gap="xs">
            <Anchor href={`/api/v1/documents/${doc.id}/content`} download={doc.filename}>
              {doc.filename}
            </Anchor>
            {doc.restricted && <Badge color="grape">{t('documents.restricted')}</Badge>}
          </Group>
          <Text size="xs" c="dimmed">
            {t('documents.size', { kb: Math.max(1, Math.round(doc.size / 1024)) })}
          </Text>
        </Table.Td>
        <Table.Td>{t(TYPES[doc.documentType])}</Table.Td>
        <Table.Td>{uploadedAt}</Table.Td>
        <Table.Td>
          {doc.allowedActions.includes('delete') && !deleting && (
            <Button
              ref={deleteButton}
              size="xs"
              variant="subtle"
              color="red"
              onClick={onDelete}
              aria-label={t('documents.deleteOne', { name: doc.filename })}
            >
              {t('documents.delete')}
            </Button>
          )}
        </Table.Td>
      </Table.Tr>
      {deleting && (
        <Table.Tr>
          <Table.Td colSpan={4}>
            <ReasonForm
              id={`document-delete-${doc.id}`}
              label={t('documents.deleteReason', { name: doc.filename })}
              intro={t('documents.deleteIntro')}
              submitLabel={t('documents.deleteSubmit')}
              save={async (reason) =>
                unwrap(
                  await api.POST('/documents/{documentId}/delete', {
                    params: { path: { documentId: doc.id } },
                    body: { version: doc.version, reason },
                  }),
                )
              }
              onDone={onDeleted}
              onCancel={onCancel}
            />
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

/** POSTs the file with XMLHttpRequest, reporting the share sent; a problem answer is thrown as ProblemError. */
function uploadWithProgress(url: string, file: File, idempotencyKey: string, onProgress: (share: number) => void): Promise<DocumentItem> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as DocumentItem);
      const problem = body as Problem | null;
      reject(new ProblemError(problem?.type ? problem : { type: 'about:blank', title: xhr.statusText, status: xhr.status }));
    };
    xhr.onerror = () => reject(new TypeError('network'));
    xhr.send(file);
  });
}

function UploadDocument({ kase, onUploaded }: { kase: CaseDetails; onUploaded: () => void }) {
  const t = useT();
  const permissions = useQuery(sessionQuery).data?.permissions;
  const mayRestrict = holdsIn(permissions, 'documents.read-restricted', kase.owningUnitId);
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [documentType, setDocumentType] = useState<DocumentType>('correspondence');
  const [restricted, setRestricted] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const { errors, setErrors, formRef } = useFieldErrors();
  const signInAgain = useSignInAgain();
  const upload = useMutation({
    mutationFn: (chosen: File) =>
      uploadWithProgress(
        `/api/v1/cases/${encodeURIComponent(kase.id)}/documents?documentType=${documentType}&restricted=${restricted}`,
        chosen,
        idempotencyKey,
        setProgress,
      ),
    onSuccess: () => {
      setFile(null);
      setRestricted(false);
      setIdempotencyKey(crypto.randomUUID());
      if (fileInput.current) fileInput.current.value = '';
      onUploaded();
    },
    onError: (error) => {
      setProgress(null);
      if (signInAgain.caught(error)) return;
      if (!(error instanceof ProblemError)) return;
      // The scanner quarantined it: a new choice is a new upload.
      if (error.code === 'document-quarantined') return setIdempotencyKey(crypto.randomUUID());
      if (error.code === 'document-refused') return setErrors({ file: t('documents.refused') });
      if (error.problem.status === 413) return setErrors({ file: t('documents.tooLarge') });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setErrors({ file: t('documents.chooseFile') });
    setErrors({});
    setProgress(0);
    upload.mutate(file);
  };
  const quarantined = upload.error instanceof ProblemError && upload.error.code === 'document-quarantined';
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-labelledby="document-upload-title">
      <Title order={3} size="h4" id="document-upload-title" mb="xs">
        {t('documents.upload.title')}
      </Title>
      {signInAgain.panel(() => upload.reset())}
      <form ref={formRef} onSubmit={submit} noValidate>
        <Stack gap="xs">
          {quarantined && (
            <Alert color="orange" role="alert" data-testid="document-quarantined">
              <AlertText title={t('documents.quarantined.title')} text={t('documents.quarantined.text')} />
            </Alert>
          )}
          {upload.isError && !quarantined && !signInAgain.ended && Object.keys(errors).length === 0 && (
            <ProblemAlert error={upload.error} />
          )}
          {upload.isSuccess && (
            <Alert color="green" role="status">
              {t('documents.uploaded', { name: upload.data.filename })}
            </Alert>
          )}
          <Input.Wrapper
            id="document-file"
            label={t('documents.upload.file')}
            required
            error={errors.file}
            errorProps={{ id: 'document-file-error' }}
          >
            <input
              ref={fileInput}
              id="document-file"
              type="file"
              aria-invalid={errors.file ? true : undefined}
              aria-describedby={errors.file ? 'document-file-error' : undefined}
              onChange={(event) => {
                setFile(event.currentTarget.files?.[0] ?? null);
                setIdempotencyKey(crypto.randomUUID());
                upload.reset();
              }}
            />
          </Input.Wrapper>
          <NativeSelect
            id="document-type"
            label={t('documents.column.type')}
            value={documentType}
            onChange={(event) => setDocumentType(event.currentTarget.value as DocumentType)}
            data={Object.entries(TYPES).map(([value, label]) => ({ value, label: t(label) }))}
          />
          {mayRestrict && (
            <Checkbox
              id="document-restricted"
              label={t('documents.upload.restricted')}
              description={t('documents.upload.restrictedHint')}
              checked={restricted}
              onChange={(event) => setRestricted(event.currentTarget.checked)}
            />
          )}
          {progress !== null && upload.isPending && (
            <Stack gap={2}>
              <Progress value={Math.round(progress * 100)} aria-label={t('documents.upload.progress')} />
              <Text size="xs" role="status">
                {t('documents.upload.percent', { percent: Math.round(progress * 100) })}
              </Text>
            </Stack>
          )}
          <Group>
            <SubmitButton size="xs" pending={upload.isPending} disabled={signInAgain.ended}>
              {t('documents.upload.submit')}
            </SubmitButton>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
