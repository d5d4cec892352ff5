// The access reviews' API tests (src/modules/access-reviews/*.test.ts): a system with the module, campaigns
// started by an officer, a reviewer's item found by grantee and role, unit managers set over the owner login.
import assert from 'node:assert/strict';
import { adminQuery } from './database.ts';
import { buildIdentity, type Session, type TestUser } from './identity.ts';
import type { TestSystem } from './build.ts';
import { createAccessReviewsModule } from '../../src/modules/access-reviews/index.ts';

export const DAY = 86_400_000;
export const inDays = (days: number) => new Date(Date.now() + days * DAY);
export const CAMPAIGNS = '/api/v1/access-reviews/campaigns';
export const MY_ITEMS = '/api/v1/access-reviews/my-items';
export const decision = (itemId: string) => `/api/v1/access-reviews/items/${itemId}/decision`;

export async function setup(t: Parameters<typeof buildIdentity>[0]) {
  const module = createAccessReviewsModule();
  const system = await buildIdentity(t, { extra: [module] });
  return { system, module };
}

export async function setManager(system: TestSystem, unitId: string, user: TestUser): Promise<void> {
  await adminQuery(system.target.ownerUrl, 'update org_unit set manager_id = $2 where id = $1', [unitId, user.id]);
}

export const q = async <T extends object>(system: TestSystem, text: string, values: unknown[] = []) =>
  (await adminQuery<T>(system.target.ownerUrl, text, values)).rows;

export async function itemFor(session: Session, assignmentIdOrGrantee: { grantee: string; role: string }) {
  const items = (await session.request('GET', MY_ITEMS)).json().items as {
    id: string;
    grantee: { name: string };
    role: { name: string };
    allowedActions: string[];
  }[];
  return items.find((i) => i.grantee.name === assignmentIdOrGrantee.grantee && i.role.name === assignmentIdOrGrantee.role);
}

export async function startCampaign(officer: Session, body: Record<string, unknown>) {
  const response = await officer.request('POST', CAMPAIGNS, {
    deadline: inDays(14).toISOString(),
    onMissed: 'escalate',
    scope: 'all',
    ...body,
  });
  assert.equal(response.statusCode, 201, response.body);
  const campaign: { id: string; progress: { total: number; undecided: number } } = response.json();
  return campaign;
}
