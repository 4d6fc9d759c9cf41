import { randomUUID } from 'node:crypto';
import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, Check, Opt } from '@mikro-orm/core';

/** A department of the company; built-in ones are seeded by the first migration's seeder. */
@Entity({ tableName: 'department' })
export class DepartmentEntity {
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  nameZh!: string;
}

/** A role: a named set of permissions. Built-in roles are kept in step with roles.ts at start. */
@Entity({ tableName: 'role' })
@Check({ name: 'role_key_format', expression: "key ~ '^[a-z][a-z0-9_]{1,49}$'" })
export class RoleEntity {
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  nameZh?: string | null;

  @Property({ type: 'text', default: '' })
  description: string & Opt = '';

  @Property({ type: 'boolean', default: false })
  builtIn: boolean & Opt = false;

  @Property({ type: 'text[]', default: '{}' })
  permissions: string[] & Opt = [];

  @ManyToOne(() => DepartmentEntity, { nullable: true, fieldName: 'department_key' })
  department?: DepartmentEntity | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();
}

/** A person who signs in to the system. */
@Entity({ tableName: 'staff' })
export class StaffEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  /** Stored lower-cased; unique. */
  @Property({ type: 'text' })
  @Unique({ name: 'staff_email_unique' })
  email!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', hidden: true, lazy: true })
  passwordHash!: string;

  @ManyToOne(() => DepartmentEntity, { fieldName: 'department_key' })
  department!: DepartmentEntity;

  @Property({ type: 'boolean', default: true })
  active: boolean & Opt = true;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  lastLoginAt?: Date | null;
}

/**
 * A role held by a staff member. `channelIds` limits it to some sales channels (an overseas
 * sales person acts on overseas channels only); empty means every channel.
 */
@Entity({ tableName: 'role_assignment' })
@Unique({ name: 'role_assignment_staff_role_unique', properties: ['staff', 'role'] })
export class RoleAssignmentEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @ManyToOne(() => StaffEntity, { deleteRule: 'cascade' })
  @Index({ name: 'role_assignment_staff_idx' })
  staff!: StaffEntity;

  @ManyToOne(() => RoleEntity, { fieldName: 'role_key' })
  role!: RoleEntity;

  @Property({ type: 'text[]', default: '{}' })
  channelIds: string[] & Opt = [];
}

/** An integrator's API key: only its SHA-256 hash is stored; the key is shown once. */
@Entity({ tableName: 'api_key' })
export class ApiKeyEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string & Opt = randomUUID();

  @Property({ type: 'text' })
  name!: string;

  /** The first characters of the key, to tell keys apart in lists. */
  @Property({ type: 'text' })
  prefix!: string;

  @Property({ type: 'text', hidden: true })
  @Unique({ name: 'api_key_hash_unique' })
  keyHash!: string;

  @Property({ type: 'text[]', default: '{}' })
  permissions: string[] & Opt = [];

  @Property({ type: 'text[]', default: '{}' })
  channelIds: string[] & Opt = [];

  @ManyToOne(() => StaffEntity)
  createdBy!: StaffEntity;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastUsedAt?: Date | null;
}

/** One mutation's record: who did what to which target. Append-only (a trigger refuses changes). */
@Entity({ tableName: 'audit_log' })
@Index({ name: 'audit_log_target_idx', properties: ['targetType', 'targetId'] })
export class AuditLogEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  @Index({ name: 'audit_log_at_idx' })
  at: Date & Opt = new Date();

  /** STAFF, API_KEY or SYSTEM. */
  @Property({ type: 'text' })
  actorType!: string;

  @Property({ type: 'text', nullable: true })
  @Index({ name: 'audit_log_actor_idx' })
  actorId?: string | null;

  @Property({ type: 'text' })
  actorLabel!: string;

  @Property({ type: 'text' })
  action!: string;

  @Property({ type: 'text', nullable: true })
  targetType?: string | null;

  @Property({ type: 'text', nullable: true })
  targetId?: string | null;

  @Property({ type: 'jsonb', nullable: true })
  changes?: unknown;

  @Property({ type: 'text', nullable: true })
  requestId?: string | null;
}

export const STAFF_ENTITIES = [DepartmentEntity, RoleEntity, StaffEntity, RoleAssignmentEntity, ApiKeyEntity, AuditLogEntity];
