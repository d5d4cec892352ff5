// The Mantine theme. Shade 8 of the primary colour keeps white text on buttons and link text at a
// contrast of at least 4.5:1 (WCAG 2.1 AA). Its CSS variables are written into the built stylesheet by
// vite.config.ts (no <style> element at run time: the CSP allows stylesheets from our origin only).
import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});
