import { Field, InputType, ObjectType } from 'type-graphql';

/**
 * The common shapes of the API (shared/conventions.md): the same thing has the same shape
 * everywhere, so a frontend component written once works on every screen.
 */

// One class serves as the output type and, as AddressInput, the input type: the shapes match.
@ObjectType({ simpleResolvers: true, description: 'A postal address. Masked for callers without pii.read.' })
@InputType('AddressInput', { description: 'A postal address.' })
export class Address {
  @Field(() => String, { nullable: true, description: 'Recipient name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Recipient phone.' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code.' })
  country?: string | null;

  @Field(() => String, { nullable: true, description: 'State, province or region as written locally.' })
  province?: string | null;

  @Field(() => String, { nullable: true, description: 'City.' })
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'District or county.' })
  district?: string | null;

  @Field(() => String, { nullable: true, description: 'Street address.' })
  address1?: string | null;

  @Field(() => String, { nullable: true, description: 'Apartment, suite, building.' })
  address2?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code.' })
  postalCode?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Who bought. Contact details are masked for callers without pii.read.' })
@InputType('BuyerInput', { description: 'Who bought.' })
export class Buyer {
  @Field(() => String, { nullable: true, description: 'Real name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Marketplace nickname.' })
  nickname?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone.' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Email.' })
  email?: string | null;
}

/** The input shapes are the same classes (see the decorators above). */
export { Address as AddressInput, Buyer as BuyerInput };

/** 张三 -> 张*, Li Na -> L****; keeps the first character. */
export function maskName(v: string | null | undefined): string | null {
  if (!v) return v ?? null;
  const chars = [...v];
  return chars[0] + '*'.repeat(Math.max(1, Math.min(chars.length - 1, 4)));
}

/** 13812345678 -> 138****5678; short numbers keep their last two digits. */
export function maskPhone(v: string | null | undefined): string | null {
  if (!v) return v ?? null;
  if (v.includes('*')) return v;
  const digits = v.replace(/\s/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `${'*'.repeat(Math.max(1, digits.length - 2))}${digits.slice(-2)}`;
}

/** li.na@example.com -> l***@example.com */
export function maskEmail(v: string | null | undefined): string | null {
  if (!v) return v ?? null;
  const at = v.indexOf('@');
  return at > 0 ? `${v[0]}***${v.slice(at)}` : '***';
}

/**
 * What a caller without pii.read sees of a buyer (marketplaces often send values masked already).
 * The nickname is masked too: on a marketplace it finds the person as surely as the name.
 */
export function maskBuyer(b: Buyer): Buyer {
  return { name: maskName(b.name), nickname: maskName(b.nickname), phone: maskPhone(b.phone), email: maskEmail(b.email) };
}

/** Free text a buyer wrote (a message to the seller): kept when empty, hidden otherwise (it often names the person). */
export function maskText(v: string | null | undefined): string {
  return v ? '****' : (v ?? '');
}

/** What a caller without pii.read sees of an address: region kept, person and street hidden. */
export function maskAddress(a: Address): Address {
  return {
    ...a,
    name: maskName(a.name),
    phone: maskPhone(a.phone),
    address1: a.address1 ? '****' : (a.address1 ?? null),
    address2: a.address2 ? '****' : (a.address2 ?? null),
  };
}
