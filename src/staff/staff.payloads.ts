import { Field, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { UserError } from '../common/errors';
import { ApiKey, Role, Staff } from './staff.types';

@ObjectType({ description: 'Result of signing in.' })
export class LoginPayload {
  @Field(() => String, { nullable: true, description: 'Bearer token for the Authorization header; null when refused.' })
  token?: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the token stops working; sign in again after it.' })
  expiresAt?: Date | null;

  @Field(() => Staff, { nullable: true, description: 'The signed-in staff member; null when refused.' })
  staff?: Staff | null;

  @Field(() => [UserError], { description: 'Why signing in was refused (INVALID_CREDENTIALS, ACCOUNT_INACTIVE, TOO_MANY_ATTEMPTS with when to try again); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of changing a password (changeMyPassword, resetPassword): every token issued before no longer works, so it carries a new one.' })
export class PasswordChangePayload {
  @Field(() => String, { nullable: true, description: 'A new bearer token for the Authorization header; null when refused.' })
  token?: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the new token stops working; sign in again after it.' })
  expiresAt?: Date | null;

  @Field(() => Staff, { nullable: true, description: 'The staff member whose password changed; null when refused.' })
  staff?: Staff | null;

  @Field(() => [UserError], {
    description: 'Why the change was refused (INVALID_CREDENTIALS, INVALID_RESET_CODE, TOO_MANY_ATTEMPTS, PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG, PASSWORD_TOO_SIMPLE, PASSWORD_TOO_COMMON, PASSWORD_CONTAINS_EMAIL); empty on success.',
  })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of starting a password reset for someone: the code went to them, never to the caller.' })
export class PasswordResetRequestPayload {
  @Field(() => Staff, { nullable: true, description: 'The staff member who will receive the reset code; null when refused.' })
  staff?: Staff | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the code stops working; null when refused.' })
  expiresAt?: Date | null;

  @Field(() => [UserError], { description: 'Why the reset was refused (NOT_FOUND, FORBIDDEN_SCOPE, FORBIDDEN_ROLE, ACCOUNT_INACTIVE); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of a mutation on a staff account.' })
export class StaffPayload {
  @Field(() => Staff, { nullable: true, description: 'The staff member as they are after the mutation; null when refused.' })
  staff?: Staff | null;

  @Field(() => [UserError], { description: 'Why the input was refused; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of a mutation on a role.' })
export class RolePayload {
  @Field(() => Role, { nullable: true, description: 'The role after the mutation (for a deletion: as it was); null when refused.' })
  role?: Role | null;

  @Field(() => [UserError], { description: 'Why the input was refused; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of creating an API key.' })
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { nullable: true, description: 'The new key; null when refused.' })
  apiKey?: ApiKey | null;

  @Field(() => String, { nullable: true, description: 'The secret key (mck_…), shown only this once: store it now, it cannot be read again.' })
  key?: string | null;

  @Field(() => [UserError], { description: 'Why the input was refused; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of a mutation on an API key.' })
export class ApiKeyPayload {
  @Field(() => ApiKey, { nullable: true, description: 'The key after the mutation; null when refused.' })
  apiKey?: ApiKey | null;

  @Field(() => [UserError], { description: 'Why the input was refused; empty on success.' })
  userErrors!: UserError[];
}
