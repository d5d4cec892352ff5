// Mantine's PasswordInput leaves its input without aria-invalid and without the link to its description
// and error (withAria: false); this puts them back, so the error is announced with the field.
import { PasswordInput, type PasswordInputProps } from '@mantine/core';

export function PasswordField(props: PasswordInputProps & { id: string }) {
  const describedBy = [props.description ? `${props.id}-description` : null, props.error ? `${props.id}-error` : null].filter(Boolean);
  return <PasswordInput {...props} aria-invalid={props.error ? true : undefined} aria-describedby={describedBy.join(' ') || undefined} />;
}
