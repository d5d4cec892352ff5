// TypeBox schemas shared by the identity module's routes (the response schemas are output whitelists).
import { Type } from 'typebox';

export const Uuid = Type.String({ format: 'uuid' });
export const Reason = Type.String({ minLength: 3, maxLength: 2000, description: 'Why: recorded in the audit trail' });
export const DateTime = Type.String({ format: 'date-time' });
export const NullableDateTime = Type.Union([DateTime, Type.Null()]);
export const NoContent = Type.Null({ description: 'Done' });

export const UserSchema = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('staff'), Type.Literal('volunteer'), Type.Literal('service')]),
  username: Type.String(),
  displayName: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  unitId: Uuid,
  status: Type.Union([Type.Literal('active'), Type.Literal('deactivated')]),
  createdAt: DateTime,
  updatedAt: DateTime,
  deactivatedAt: NullableDateTime,
  version: Type.Integer({ description: 'Send back on updates; a stale version gets 412' }),
  allowedActions: Type.Array(Type.String(), { description: 'What the caller may do with this user' }),
});

export const AssignmentSchema = Type.Object({
  id: Uuid,
  roleId: Uuid,
  roleName: Type.String(),
  userId: Type.Union([Uuid, Type.Null()]),
  groupId: Type.Union([Uuid, Type.Null()]),
  unitId: Uuid,
  startsAt: DateTime,
  endsAt: NullableDateTime,
  reason: Type.String(),
  grantedBy: Type.String(),
  grantedAt: DateTime,
  revokedAt: NullableDateTime,
  revokedBy: Type.Union([Type.String(), Type.Null()]),
  revokeReason: Type.Union([Type.String(), Type.Null()]),
});

export const Username = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._@+-]{1,119}$', description: 'Sign-in name; stored in lower case' });
export const Email = Type.String({ format: 'email', maxLength: 254 });

export const GrantRequestSchema = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('grant'), Type.Literal('membership'), Type.Literal('role-permissions')], {
    description: 'grant: a role to a user or group in a unit; membership: a user into a group holding a privileged role; role-permissions: a new permission set for a role',
  }),
  status: Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused'), Type.Literal('expired')]),
  roleId: Type.Union([Uuid, Type.Null()]),
  roleName: Type.Union([Type.String(), Type.Null()]),
  userId: Type.Union([Uuid, Type.Null()]),
  groupId: Type.Union([Uuid, Type.Null()]),
  unitId: Type.Union([Uuid, Type.Null()]),
  startsAt: NullableDateTime,
  endsAt: NullableDateTime,
  permissions: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'role-permissions: the permissions the role is to have' }),
  reason: Type.String(),
  requestedBy: Uuid,
  requestedAt: DateTime,
  expiresAt: DateTime,
  decidedBy: Type.Union([Uuid, Type.Null()]),
  decidedAt: NullableDateTime,
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  assignmentId: Type.Union([Uuid, Type.Null()], { description: 'The grant an approval made (kind grant)' }),
}, { description: 'A privileged change waiting for (or decided by) a second administrator' });
