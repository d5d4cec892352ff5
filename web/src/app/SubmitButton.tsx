// A form's submit button that keeps the focus while the save runs. Mantine's `loading` disables the
// button, and a focused button that becomes disabled loses the focus to the page's body (the HTML focus
// fixup rule): after every save a keyboard user would start again from the top of the page, and a screen
// reader would lose its place. This one says it is busy (aria-disabled, a loader beside the label) and
// ignores presses meanwhile (Enter in a field clicks it too: cancelling that click cancels the submit),
// but stays focusable.
import type { ReactNode, Ref } from 'react';
import { Button, Loader, type ButtonProps } from '@mantine/core';

type SubmitButtonProps = Omit<ButtonProps, 'loading' | 'leftSection'> & {
  pending: boolean;
  children: ReactNode;
  ref?: Ref<HTMLButtonElement>;
};

export function SubmitButton({ pending, disabled, children, ...props }: SubmitButtonProps) {
  return (
    <Button
      type="submit"
      {...props}
      disabled={disabled}
      aria-disabled={pending || undefined}
      leftSection={pending ? <Loader size={14} color="currentColor" aria-hidden /> : undefined}
      onClick={(event) => {
        if (pending) event.preventDefault();
      }}
    >
      {children}
    </Button>
  );
}
