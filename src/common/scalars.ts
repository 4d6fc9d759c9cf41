import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { Field, InputType, ObjectType } from 'type-graphql';

const DECIMAL = /^-?\d{1,18}(\.\d{1,6})?$/;

/** Decimal numbers travel as strings so no precision is lost to floating point. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "419.00". Never a float.',
  serialize(value) {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    throw new GraphQLError('Decimal cannot represent a non-decimal value');
  },
  parseValue(value) {
    if (typeof value === 'number' && Number.isFinite(value)) value = String(value);
    if (typeof value !== 'string' || !DECIMAL.test(value.trim())) {
      throw new GraphQLError(`Decimal must be a string such as "419.00", got ${JSON.stringify(value)}`);
    }
    return value.trim();
  },
  parseLiteral(ast) {
    if ((ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) && DECIMAL.test(ast.value)) {
      return ast.value;
    }
    throw new GraphQLError('Decimal must be a string such as "419.00"');
  },
});

/** An amount of money in one currency. */
@ObjectType({ simpleResolvers: true, description: 'An amount of money in one currency.' })
export class Money {
  @Field(() => DecimalScalar, { description: 'The amount as an exact decimal string, e.g. "419.00".' })
  amount!: string;

  @Field({ description: 'ISO 4217 currency code, e.g. CNY, USD.' })
  currency!: string;

  static of(amount: string, currency: string): Money {
    const m = new Money();
    m.amount = amount;
    m.currency = currency;
    return m;
  }
}

/** An amount of money as input. */
@InputType({ description: 'An amount of money in one currency.' })
export class MoneyInput {
  @Field(() => DecimalScalar, { description: 'The amount as an exact decimal string, e.g. "419.00".' })
  amount!: string;

  @Field({ description: 'ISO 4217 currency code, e.g. CNY.' })
  currency!: string;
}

/** Formats a numeric string from PostgreSQL with a fixed number of decimals (money: 2). */
export function fixedDecimal(value: string | number, scale = 2): string {
  const s = String(value);
  const neg = s.startsWith('-');
  const [int, frac = ''] = (neg ? s.slice(1) : s).split('.');
  const f = (frac + '0'.repeat(scale)).slice(0, scale);
  return `${neg ? '-' : ''}${int}${scale > 0 ? '.' + f : ''}`;
}
