// A Mantine Anchor that is a TanStack Router Link, with the route's params type-checked: Mantine's
// polymorphic `component={Link}` loses the params' types of a path with parameters.
import { forwardRef, type AnchorHTMLAttributes } from 'react';
import { createLink } from '@tanstack/react-router';
import { Anchor, type AnchorProps } from '@mantine/core';

const MantineAnchor = forwardRef<HTMLAnchorElement, AnchorProps & AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => (
  <Anchor ref={ref} {...props} />
));
MantineAnchor.displayName = 'MantineAnchor';

export const AnchorLink = createLink(MantineAnchor);
