import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Explanation, MarketplaceErrorInfo } from './channel.types';
import { explainRefusal, RefusalExplanation } from './refusals';
import { connectorFor } from './registry';

/** The explanation of an error on a channel: its kind's connector first, then the engine's codes, then the error class. */
export async function explanationOn(ctx: Context, channelDbId: string | undefined, code: string, kind?: string | null): Promise<RefusalExplanation> {
  const channel = channelDbId ? await ctx.loaders.sync.channelById.load(channelDbId) : undefined;
  return explainRefusal(channel ? connectorFor(channel.kind) : undefined, code, kind);
}

export function explanationOf(e: RefusalExplanation): Explanation {
  return Object.assign(new Explanation(), { en: e.en, zh: e.zh });
}

/** Our code and explanation beside a marketplace's own code and message. */
@Resolver(() => MarketplaceErrorInfo)
export class MarketplaceErrorInfoResolver {
  @FieldResolver(() => String, { description: 'Our code for the case, the same on every marketplace (e.g. MARKETPLACE_REFUSED, CREDENTIALS_REFUSED, or one the connector names).' })
  async reason(@Root() e: MarketplaceErrorInfo, @Ctx() ctx: Context): Promise<string> {
    return (await explanationOn(ctx, e.channelDbId, e.code, e.errorKind)).reason;
  }

  @FieldResolver(() => Explanation, { description: 'What it means and what to do, in English and Chinese, beside the marketplace’s own message.' })
  async explanation(@Root() e: MarketplaceErrorInfo, @Ctx() ctx: Context): Promise<Explanation> {
    return explanationOf(await explanationOn(ctx, e.channelDbId, e.code, e.errorKind));
  }
}
