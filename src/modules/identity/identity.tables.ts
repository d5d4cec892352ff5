// The identity module's tables, for typed SQL in its repositories (see kernel/db/tables.ts).
import type { Generated } from 'kysely';

type Created = Generated<Date>;

export interface OrgUnitTable {
  id: Generated<string>;
  parent_id: string | null;
  kind: 'national' | 'region' | 'team';
  code: string;
  name: string;
  manager_id: string | null;
  active: Generated<boolean>;
  created_at: Created;
  updated_at: Created;
  version: Generated<number>;
}

export type UserKind = 'staff' | 'volunteer' | 'service';

export interface AppUserTable {
  id: Generated<string>;
  kind: UserKind;
  username: string;
  display_name: string;
  email: string | null;
  unit_id: string;
  status: Generated<'active' | 'deactivated'>;
  created_at: Created;
  updated_at: Created;
  deactivated_at: Date | null;
  version: Generated<number>;
  /** The interface language she chose (0010); null until she chooses. */
  preferred_language: 'nl' | 'en' | null;
}

export interface UserGroupTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  created_at: Created;
  version: Generated<number>;
}

export interface UserGroupMemberTable {
  group_id: string;
  user_id: string;
  added_at: Created;
}

export interface RoleTable {
  id: Generated<string>;
  key: string | null;
  name: string;
  description: Generated<string>;
  created_at: Created;
  updated_at: Created;
  version: Generated<number>;
}

export interface RolePermissionTable {
  role_id: string;
  permission: string;
}

export interface RoleAssignmentTable {
  id: Generated<string>;
  role_id: string;
  user_id: string | null;
  group_id: string | null;
  unit_id: string;
  starts_at: Generated<Date>;
  ends_at: Date | null;
  reason: string;
  granted_by: string;
  granted_at: Created;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface PasswordCredentialTable {
  user_id: string;
  hash: string;
  changed_at: Created;
}

export interface TotpFactorTable {
  user_id: string;
  secret: Buffer | null;
  pending_secret: Buffer | null;
  confirmed_at: Date | null;
  last_used_step: Generated<string>;
  created_at: Created;
}

export interface RecoveryCodeTable {
  id: Generated<string>;
  user_id: string;
  code_hash: string;
  created_at: Created;
  used_at: Date | null;
}

export interface WebauthnCredentialTable {
  id: string;
  user_id: string;
  public_key: Buffer;
  counter: Generated<string>;
  transports: Generated<string[]>;
  name: string;
  created_at: Created;
  last_used_at: Date | null;
}

export interface ExternalIdentityTable {
  issuer: string;
  subject: string;
  user_id: string;
  linked_at: Created;
  last_login_at: Date | null;
}

export type SessionState = 'pending' | 'enrolling' | 'active';
export type AuthenticatedVia = 'password' | 'sso' | 'setup' | 'reset';
export type SecondFactor = 'totp' | 'webauthn' | 'recovery-code' | 'enrolment';

export interface UserSessionTable {
  id: string;
  user_id: string;
  state: SessionState;
  csrf_token: string;
  authenticated_via: AuthenticatedVia;
  second_factor: SecondFactor | null;
  created_at: Created;
  last_seen_at: Created;
  expires_at: Date;
  reauthenticated_at: Date | null;
  failed_factor_attempts: Generated<number>;
  challenge: string | null;
  origin_ip: string | null;
  user_agent: string | null;
  ended_at: Date | null;
  end_reason: string | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  role_ids: string[] | null;
  created_at: Created;
  created_by: string;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface AuthThrottleTable {
  key: string;
  window_started_at: Created;
  attempts: Generated<number>;
  failures: Generated<number>;
  lockouts: Generated<number>;
  locked_until: Date | null;
  /** When the key's latest attempt was reserved (throttle.repository.ts, migration 0006). */
  attempt_started_at: Date | null;
}

export interface OneTimeLinkTable {
  id: Generated<string>;
  purpose: 'setup' | 'password-reset';
  token_hash: string;
  user_id: string | null;
  created_at: Created;
  created_by: string;
  expires_at: Date;
  used_at: Date | null;
}

export interface SsoRequestTable {
  state_hash: string;
  browser_hash: string;
  code_verifier: string;
  nonce: string;
  created_at: Created;
  expires_at: Generated<Date>;
  used_at: Date | null;
}

export type GrantRequestKind = 'grant' | 'membership' | 'role-permissions';
export type GrantRequestStatus = 'pending' | 'approved' | 'refused';

export interface GrantRequestTable {
  id: Generated<string>;
  kind: GrantRequestKind;
  role_id: string | null;
  user_id: string | null;
  group_id: string | null;
  unit_id: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  permissions: string[] | null;
  role_version: number | null;
  reason: string;
  requested_by: string;
  requested_at: Created;
  expires_at: Generated<Date>;
  status: Generated<GrantRequestStatus>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  assignment_id: string | null;
}

declare module '../../kernel/db/tables.ts' {
  interface Tables {
    sso_request: SsoRequestTable;
    org_unit: OrgUnitTable;
    app_user: AppUserTable;
    user_group: UserGroupTable;
    user_group_member: UserGroupMemberTable;
    role: RoleTable;
    role_permission: RolePermissionTable;
    role_assignment: RoleAssignmentTable;
    password_credential: PasswordCredentialTable;
    totp_factor: TotpFactorTable;
    recovery_code: RecoveryCodeTable;
    webauthn_credential: WebauthnCredentialTable;
    external_identity: ExternalIdentityTable;
    user_session: UserSessionTable;
    api_token: ApiTokenTable;
    auth_throttle: AuthThrottleTable;
    one_time_link: OneTimeLinkTable;
    grant_request: GrantRequestTable;
  }
}
