// The Mantine theme. Shade 8 of the primary colour keeps white text on buttons and link text at a
// contrast of at least 4.5:1 (WCAG 2.1 AA), and so does the darker grey for secondary text. The CSS
// variables are written into the built stylesheet by vite.config.ts (no <style> element at run time:
// the CSP allows stylesheets from our origin only).
import { createTheme, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});

/**
 * Mantine's dimmed text (descriptions, hints) is grey 6 by default: 3.3:1 on white, too light; its
 * field errors are red 6 (3.6:1); red 9 gives 5.5:1.
 */
export const contrastVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-error': 'var(--mantine-color-red-9)' },
  dark: {},
});
