// TypeBox schemas shared by the identity module's routes (the response schemas are output whitelists).
import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../../kernel/http/schemas.ts';

/**
 * Why a change is made, recorded in the audit trail. Shorter than the kernel's shared Reason (10 to
 * 2000 characters): identity's API has taken reasons from `minLength` characters (3; 1 for service
 * accounts) since it shipped, and the longer minimum would refuse requests that work today.
 */
export const reasonOf = (minLength: number) => Type.String({ minLength, maxLength: 2000, description: 'Why: recorded in the audit trail' });
export const Reason = reasonOf(3);
export const NoContent = Type.Null({ description: 'Done' });
/** The body of a POST that sends nothing. */
export const NoBody = Type.Object({}, { additionalProperties: false });
/** The second factors a sign-in can end with. */
export const SecondFactorMethod = StringEnum(['totp', 'recovery-code', 'webauthn']);

export const UserSchema = Type.Object({
  id: Uuid,
  kind: StringEnum(['staff', 'volunteer', 'service']),
  username: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  unitId: Uuid,
  status: StringEnum(['active', 'deactivated']),
  createdAt: DateTime,
  updatedAt: DateTime,
  deactivatedAt: Nullable(DateTime),
  version: Type.Integer({ description: 'Send back on updates; a stale version gets 412' }),
  allowedActions: Type.Array(Type.String(), { description: 'What the caller may do with this user' }),
});

export const AssignmentSchema = Type.Object({
  id: Uuid,
  roleId: Uuid,
  roleName: Type.String(),
  userId: Nullable(Uuid),
  groupId: Nullable(Uuid),
  unitId: Uuid,
  startsAt: DateTime,
  endsAt: Nullable(DateTime),
  reason: Type.String(),
  grantedBy: Type.String(),
  grantedAt: DateTime,
  revokedAt: Nullable(DateTime),
  revokedBy: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
});

export const Username = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@+-]{1,119}$', description: 'Sign-in name; stored in lower case' });
export const Email = Type.String({ format: 'email', maxLength: 254 });

export const GrantRequestSchema = Type.Object(
  {
    id: Uuid,
    kind: StringEnum(['grant', 'membership', 'role-permissions'], {
      description:
        'grant: a role to a user or group in a unit; membership: a user into a group holding a privileged role; role-permissions: a new permission set for a role',
    }),
    status: StringEnum(['pending', 'approved', 'refused', 'expired']),
    roleId: Nullable(Uuid),
    roleName: Nullable(Type.String()),
    userId: Nullable(Uuid),
    groupId: Nullable(Uuid),
    unitId: Nullable(Uuid),
    startsAt: Nullable(DateTime),
    endsAt: Nullable(DateTime),
    permissions: Nullable(Type.Array(Type.String()), { description: 'role-permissions: the permissions the role is to have' }),
    reason: Type.String(),
    requestedBy: Uuid,
    requestedAt: DateTime,
    expiresAt: DateTime,
    decidedBy: Nullable(Uuid),
    decidedAt: Nullable(DateTime),
    decisionReason: Nullable(Type.String()),
    assignmentId: Nullable(Uuid, { description: 'The grant an approval made (kind grant)' }),
  },
  { description: 'A privileged change waiting for (or decided by) a second administrator' },
);
