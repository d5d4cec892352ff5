// Form errors per field, from the client's own checks or from the problem+json `errors` of the answer.
// When errors appear, the first invalid field gets the focus (its error is read out with it).
import { useEffect, useRef, useState } from 'react';
import { ProblemError } from '../api/client.ts';

export type FieldErrors = Record<string, string>;

export function useFieldErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  return { errors, setErrors, formRef };
}

/** The fields named in a problem's `errors`, each with the text the form shows for it. */
export function problemFieldErrors(error: unknown, textFor: (field: string) => string): FieldErrors {
  if (!(error instanceof ProblemError)) return {};
  return Object.fromEntries(Object.keys(error.fieldErrors()).map((field) => [field, textFor(field)]));
}

/** The names of the required fields left empty. */
export function emptyFields(values: Record<string, string>, required: string[]): string[] {
  return required.filter((field) => (values[field] ?? '').trim() === '');
}
