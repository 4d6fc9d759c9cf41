import { Field, ID, InputType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';

@InputType({ description: 'Narrows a staff list; all given conditions must hold.' })
export class StaffFilter {
  @Field(() => String, { nullable: true, description: 'Part of the name or email, case-insensitive.' })
  search?: string;

  @Field(() => String, { nullable: true, description: 'Only members of this department (key, e.g. warehouse).' })
  departmentKey?: string;

  @Field(() => String, { nullable: true, description: 'Only holders of this role (key, e.g. customer_service).' })
  roleKey?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or only deactivated (false) accounts; both when omitted.' })
  active?: boolean;
}

@InputType({ description: 'A new staff account.' })
export class CreateStaffInput {
  @Field({ description: 'Sign-in email; stored lower-case and must not be taken.' })
  email!: string;

  @Field({ description: 'Full name.' })
  name!: string;

  @Field({ description: 'Initial password: at least 8 characters, not a common one, not containing the email; the person should change it with changeMyPassword.' })
  password!: string;

  @Field({ description: 'Department key, e.g. customer_service (see the `departments` query).' })
  departmentKey!: string;

  @Field(() => [String], { nullable: true, description: 'Keys of the roles to grant (see the `roles` query); none when omitted.' })
  roleKeys?: string[];

  @Field(() => [String], { nullable: true, description: 'Channels every granted role is limited to; empty or omitted means every channel.' })
  channelIds?: string[];
}

@InputType({ description: 'Changes to a staff account; omitted fields stay as they are.' })
export class UpdateStaffInput {
  @Field(() => String, { nullable: true, description: 'New full name.' })
  name?: string;

  @Field(() => String, { nullable: true, description: 'New department key.' })
  departmentKey?: string;

  @Field(() => Boolean, { nullable: true, description: 'false deactivates the account (it can no longer sign in; its tokens stop working for good); true reactivates it.' })
  active?: boolean;

  @Field(() => String, { nullable: true, description: "New password, set by an owner for someone else (others start requestPasswordReset; your own goes through changeMyPassword). Ends the person's earlier tokens." })
  password?: string;
}

@InputType({ description: 'One role to hold, possibly limited to some channels.' })
export class RoleGrantInput {
  @Field({ description: 'Role key, e.g. overseas_sales.' })
  roleKey!: string;

  @Field(() => [String], { nullable: true, description: 'Channels the role is limited to; empty or omitted means every channel.' })
  channelIds?: string[];
}

@InputType({ description: "The complete set of roles a staff member should hold; replaces the current ones." })
export class SetStaffRolesInput {
  @Field(() => ID, { description: 'Staff id.' })
  staffId!: string;

  @Field(() => [RoleGrantInput], { description: 'Every role the person holds afterwards; an empty list removes all roles.' })
  roles!: RoleGrantInput[];
}

@InputType({ description: 'A new custom role.' })
export class CreateRoleInput {
  @Field({ description: 'Stable key: a lower-case letter, then 1 to 49 lower-case letters, digits or underscores.' })
  key!: string;

  @Field({ description: 'Name in English.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Name in Chinese.' })
  nameZh?: string;

  @Field(() => String, { nullable: true, description: 'What holders of the role do, in one sentence.' })
  description?: string;

  @Field(() => [String], { description: 'Permission keys the role grants (see the `permissions` query).' })
  permissions!: string[];

  @Field(() => String, { nullable: true, description: 'Home department key; department managers may grant only roles of their own department.' })
  departmentKey?: string;
}

@InputType({ description: 'Changes to a custom role; omitted fields stay as they are.' })
export class UpdateRoleInput {
  @Field(() => String, { nullable: true, description: 'New name in English.' })
  name?: string;

  @Field(() => String, { nullable: true, description: 'New name in Chinese.' })
  nameZh?: string;

  @Field(() => String, { nullable: true, description: 'New description.' })
  description?: string;

  @Field(() => [String], { nullable: true, description: 'The complete new set of permission keys; holders gain and lose permissions at once.' })
  permissions?: string[];

  @Field(() => String, { nullable: true, description: 'New home department key.' })
  departmentKey?: string;
}

@InputType({ description: 'A new API key for an integration.' })
export class CreateApiKeyInput {
  @Field({ description: 'Name to tell the key apart, e.g. "ERP nightly export".' })
  name!: string;

  @Field(() => [String], { description: 'Permission keys the key grants; the creator must hold each of them.' })
  permissions!: string[];

  @Field(() => [String], { nullable: true, description: 'Channels the key is limited to; empty or omitted means every channel.' })
  channelIds?: string[];
}

@InputType({ description: 'Narrows the audit log; all given conditions must hold.' })
export class AuditLogFilter {
  @Field(() => ID, { nullable: true, description: 'Only entries by this caller: a Staff or ApiKey id.' })
  actorId?: string;

  @Field(() => String, { nullable: true, description: 'Only this mutation, e.g. createStaff.' })
  action?: string;

  @Field(() => ID, { nullable: true, description: 'Only entries about this object (its global id).' })
  targetId?: string;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Only entries at or after this time.' })
  after?: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Only entries before this time.' })
  before?: Date;
}
