import { GraphQLError } from 'graphql';
import { Field, ObjectType } from 'type-graphql';

/**
 * Faults are thrown as one of the few coded errors below; everything else is masked and
 * logged with the request id. Expected business outcomes are not thrown: they come back as
 * `userErrors` in the mutation's payload.
 */
export type FaultCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT';

function fault(code: FaultCode, message: string, status: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

export const unauthenticated = (message = 'Sign in first: send Authorization: Bearer <token>') =>
  fault('UNAUTHENTICATED', message, 200);
export const forbidden = (message = 'You do not have permission to do this') => fault('FORBIDDEN', message, 200);
export const notFound = (what: string) => fault('NOT_FOUND', `${what} was not found`, 200);
export const badInput = (message: string) => fault('BAD_USER_INPUT', message, 200);

/** A problem with the input that the person can fix, returned in a mutation payload. */
@ObjectType({ simpleResolvers: true, description: 'A problem with the input of a mutation that the caller can fix.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path to the input field at fault, e.g. ["variants", "2", "sku"]; null when the input as a whole is at fault.' })
  field?: string[] | null;

  @Field({ description: 'What is wrong, in words a person can act on.' })
  message!: string;

  @Field({ description: 'Stable machine-readable code, e.g. DUPLICATE_SKU, INVALID_VALUE, NOT_FOUND.' })
  code!: string;
}

/** Builds a UserError; `field` is a dotted path ("variants.2.sku") or a list of segments. */
export function userError(code: string, message: string, field?: string | (string | number)[]): UserError {
  const e = new UserError();
  e.code = code;
  e.message = message;
  e.field = field === undefined ? null : (Array.isArray(field) ? field : field.split('.')).map(String);
  return e;
}

/** Thrown inside a service to abort a transaction and hand back userErrors. */
export class UserErrorsException extends Error {
  constructor(public readonly userErrors: UserError[]) {
    super(userErrors.map((e) => e.message).join('; '));
  }
}
