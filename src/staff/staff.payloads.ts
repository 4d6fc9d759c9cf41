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

  @Field(() => [UserError], { description: 'Why signing in was refused (INVALID_CREDENTIALS, ACCOUNT_INACTIVE); empty on success.' })
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
