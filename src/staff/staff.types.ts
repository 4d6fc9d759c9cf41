import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSON } from 'graphql-scalars';
import { Connection, Node } from '../common/relay';
import { toGlobalId } from '../common/ids';
import { toDate } from '../common/sql';

/** A row of `staff` as the read queries select it (never the password hash). */
export interface StaffRow {
  id: string;
  email: string;
  name: string;
  department_key: string;
  active: boolean;
  created_at: string | Date;
  last_login_at: string | Date | null;
}

/** A row of `role`. */
export interface RoleRow {
  key: string;
  name: string;
  name_zh: string | null;
  description: string;
  built_in: boolean;
  permissions: string[];
  department_key: string | null;
}

/** A role held by a staff member: the role's row plus the assignment's channels. */
export interface AssignmentRow extends RoleRow {
  staff_id: string;
  channel_ids: string[];
}

export interface DepartmentRow {
  key: string;
  name: string;
  name_zh: string;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  channel_ids: string[];
  created_by_id: string;
  created_at: string | Date;
  revoked_at: string | Date | null;
  last_used_at: string | Date | null;
}

export interface AuditRow {
  id: string;
  at: string | Date;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  changes: unknown;
  request_id: string | null;
}

@ObjectType({ description: 'A department of the company (运营部, 客服部, 仓储物流部…); every staff member belongs to one.' })
export class Department {
  @Field({ description: 'Stable key, e.g. operations, customer_service, warehouse.' })
  key!: string;

  @Field({ description: 'Name in English.' })
  name!: string;

  @Field({ description: 'Name in Chinese, e.g. 运营部.' })
  nameZh!: string;

  static fromRow(r: DepartmentRow): Department {
    const d = new Department();
    d.key = r.key;
    d.name = r.name;
    d.nameZh = r.name_zh;
    return d;
  }
}

@ObjectType({ implements: Node, description: 'A role: a named set of permissions that staff members hold. Built-in roles mirror the positions of the company; owners may add custom ones.' })
export class Role extends Node {
  /** Home department key; the `department` field resolves it. */
  departmentKey!: string | null;

  @Field({ description: 'Stable key, e.g. ops_specialist; lower-case letters, digits and underscores.' })
  key!: string;

  @Field({ description: 'Name in English.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Name in Chinese, e.g. 运营专员; null when none was given.' })
  nameZh!: string | null;

  @Field({ description: 'What holders of the role do, in one sentence.' })
  description!: string;

  @Field({ description: 'Whether the role is built in: built-in roles follow the code and cannot be changed or deleted.' })
  builtIn!: boolean;

  @Field(() => [String], { description: 'Keys of the permissions the role grants, e.g. ["catalog.read", "orders.read"]; see the `permissions` query.' })
  permissions!: string[];

  static fromRow(r: RoleRow): Role {
    const role = new Role();
    role.id = toGlobalId('Role', r.key);
    role.key = r.key;
    role.name = r.name;
    role.nameZh = r.name_zh;
    role.description = r.description;
    role.builtIn = r.built_in;
    role.permissions = r.permissions ?? [];
    role.departmentKey = r.department_key;
    return role;
  }
}

@ObjectType({ description: 'A role held by a staff member, possibly limited to some sales channels.' })
export class RoleAssignment {
  @Field(() => Role, { description: 'The role held.' })
  role!: Role;

  @Field(() => [String], { description: 'Channels the role is limited to; empty means every channel.' })
  channelIds!: string[];

  static fromRow(r: AssignmentRow): RoleAssignment {
    const a = new RoleAssignment();
    a.role = Role.fromRow(r);
    a.channelIds = r.channel_ids ?? [];
    return a;
  }
}

@ObjectType({ implements: Node, description: 'A person who signs in to the system: a member of one department holding one or more roles.' })
export class Staff extends Node {
  /** Database id (uuid). */
  dbId!: string;
  /** Department key; the `department` field resolves it. */
  departmentKey!: string;

  @Field({ description: 'Sign-in email, lower-case; unique.' })
  email!: string;

  @Field({ description: 'Full name as colleagues know it.' })
  name!: string;

  @Field({ description: 'Whether the account may sign in; deactivated accounts are kept for history.' })
  active!: boolean;

  @Field(() => GraphQLDateTime, { description: 'When the account was created.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the person last signed in; null when never.' })
  lastLoginAt!: Date | null;

  static fromRow(r: StaffRow): Staff {
    const s = new Staff();
    s.id = toGlobalId('Staff', r.id);
    s.dbId = r.id;
    s.departmentKey = r.department_key;
    s.email = r.email;
    s.name = r.name;
    s.active = r.active;
    s.createdAt = toDate(r.created_at);
    s.lastLoginAt = toDate(r.last_login_at);
    return s;
  }
}

@ObjectType('Permission', { description: 'One permission of the product; roles and API keys are sets of these.' })
export class PermissionInfo {
  @Field({ description: 'Stable key, e.g. orders.fulfil.' })
  key!: string;

  @Field({ description: 'What the permission allows.' })
  description!: string;
}

@ObjectType({ implements: Node, description: "An integrator's API key. The secret is shown once, when the key is created; only its prefix is kept readable." })
export class ApiKey extends Node {
  dbId!: string;
  createdByDbId!: string;

  @Field({ description: 'Name given to tell keys apart, e.g. "ERP nightly export".' })
  name!: string;

  @Field({ description: 'First characters of the key (mck_…), to recognise it in logs and lists.' })
  prefix!: string;

  @Field(() => [String], { description: 'Keys of the permissions the key grants.' })
  permissions!: string[];

  @Field(() => [String], { description: 'Channels the key is limited to; empty means every channel.' })
  channelIds!: string[];

  @Field(() => GraphQLDateTime, { description: 'When the key was created.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the key was revoked; null while it still works.' })
  revokedAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the key was last used, to the minute; null when never.' })
  lastUsedAt!: Date | null;

  static fromRow(r: ApiKeyRow): ApiKey {
    const k = new ApiKey();
    k.id = toGlobalId('ApiKey', r.id);
    k.dbId = r.id;
    k.createdByDbId = r.created_by_id;
    k.name = r.name;
    k.prefix = r.prefix;
    k.permissions = r.permissions ?? [];
    k.channelIds = r.channel_ids ?? [];
    k.createdAt = toDate(r.created_at);
    k.revokedAt = toDate(r.revoked_at);
    k.lastUsedAt = toDate(r.last_used_at);
    return k;
  }
}

/** Global id of the actor of an audit entry, so it can be passed to `staffMember` or `node`. */
function actorGlobalId(type: string, id: string | null): string | null {
  if (!id) return null;
  if (type === 'STAFF') return toGlobalId('Staff', id);
  if (type === 'API_KEY') return toGlobalId('ApiKey', id);
  return id;
}

@ObjectType({ implements: Node, description: 'One mutation as the audit log recorded it: who did what to which target, including refused attempts.' })
export class AuditEntry extends Node {
  /** Database id (bigint as text), the tie-breaker of the list order. */
  dbId!: string;

  @Field(() => GraphQLDateTime, { description: 'When the mutation ran (start of its transaction).' })
  at!: Date;

  @Field({ description: 'Kind of caller: STAFF, API_KEY, SYSTEM or ANONYMOUS (e.g. a failed sign-in).' })
  actorType!: string;

  @Field(() => ID, { nullable: true, description: 'Global id of the caller (a Staff or ApiKey id); null for anonymous and system callers.' })
  actorId!: string | null;

  @Field({ description: 'Email of the staff member or "api-key:<name>" at the time, kept even if the account changes later.' })
  actorLabel!: string;

  @Field({ description: 'Name of the mutation, e.g. createStaff, adjustStock.' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'GraphQL type of what the mutation acted on, e.g. Staff, Product; null when unknown.' })
  targetType!: string | null;

  @Field(() => ID, { nullable: true, description: 'Global id of what the mutation acted on; null when unknown.' })
  targetId!: string | null;

  @Field(() => GraphQLJSON, { nullable: true, description: 'The outcome (OK or REFUSED), the input with secrets redacted, and the userErrors of a refused attempt.' })
  changes!: unknown;

  @Field(() => String, { nullable: true, description: 'Request id (the x-request-id header), to find the request in the server logs.' })
  requestId!: string | null;

  static fromRow(r: AuditRow): AuditEntry {
    const e = new AuditEntry();
    e.id = toGlobalId('AuditEntry', String(r.id));
    e.dbId = String(r.id);
    e.at = toDate(r.at);
    e.actorType = r.actor_type;
    e.actorId = actorGlobalId(r.actor_type, r.actor_id);
    e.actorLabel = r.actor_label;
    e.action = r.action;
    e.targetType = r.target_type;
    e.targetId = r.target_id;
    e.changes = r.changes ?? null;
    e.requestId = r.request_id;
    return e;
  }
}

export const StaffConnection = Connection(Staff, 'Staff', 'staff member');
export const AuditEntryConnection = Connection(AuditEntry, 'AuditEntry', 'audit entry');
