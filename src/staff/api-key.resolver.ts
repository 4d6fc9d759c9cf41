import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Allow } from './access';
import { P } from './permissions';
import { CreateApiKeyInput } from './staff.inputs';
import { ApiKeyPayload, CreateApiKeyPayload } from './staff.payloads';
import { apiKeyCreator, createApiKey, listApiKeys, revokeApiKey } from './api-key.service';
import { ApiKey, Staff } from './staff.types';

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: 'Every API key, newest first, revoked ones included.' })
  @Allow('Query.apiKeys', P.ApiKeysManage)
  apiKeys(@Ctx() ctx: Context): Promise<ApiKey[]> {
    return listApiKeys(ctx);
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'The staff member who created the key.' })
  createdBy(@Root() key: ApiKey, @Ctx() ctx: Context): Promise<Staff | null> {
    return apiKeyCreator(ctx, key);
  }

  @Mutation(() => CreateApiKeyPayload, { description: 'Creates an API key for an integration, with at most the permissions (and channels) you hold. The secret is returned once, in `key`.' })
  @Allow('Mutation.createApiKey', P.ApiKeysManage)
  createApiKey(@Ctx() ctx: Context, @Arg('input', () => CreateApiKeyInput, { description: 'The new key.' }) input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
    return createApiKey(ctx, input);
  }

  @Mutation(() => ApiKeyPayload, { description: 'Revokes an API key: it stops working at once. Revoking a revoked key changes nothing.' })
  @Allow('Mutation.revokeApiKey', P.ApiKeysManage)
  revokeApiKey(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'API key id.' }) id: string): Promise<ApiKeyPayload> {
    return revokeApiKey(ctx, id);
  }
}
