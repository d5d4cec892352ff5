// The route catalogue of the permission matrix: every route of the inventory, how to call it in each
// scope (catalogue.ts). A route served without an entry here and a row in expected.ts fails the test.
import type { Entry } from './catalogue.ts';
import { auditEntries } from './audit.ts';
import { auditVerification } from './audit-verification.ts';
import { casework } from './casework.ts';
import { erasureEntries } from './erasure.ts';
import { detectionEntries } from './detection.ts';
import { organisationEntries } from './organisation.ts';
import { privacy } from './privacy.ts';
import { signIn } from './sign-in.ts';

export const catalogue: Entry[] = [
  ...signIn,
  ...organisationEntries,
  ...casework,
  ...privacy,
  ...erasureEntries,
  ...detectionEntries,
  ...auditEntries,
  ...auditVerification,
];
