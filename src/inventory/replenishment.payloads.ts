import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../common/errors';
import { ReplenishmentSetting } from './replenishment.types';

@ObjectType({ description: 'Result of setReplenishmentSetting.' })
export class ReplenishmentSettingPayload {
  @Field(() => ReplenishmentSetting, { nullable: true, description: 'The setting; null when refused.' })
  replenishmentSetting?: ReplenishmentSetting | null;

  @Field(() => [UserError], { description: 'Why it was refused (UNKNOWN_SKU, BUNDLE_NOT_STOCKED, INVALID_VALUE, TOO_LONG); empty on success.' })
  userErrors!: UserError[];
}
