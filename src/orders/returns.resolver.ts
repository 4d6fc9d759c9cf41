import { Resolver } from 'type-graphql';

/** Orders: returns, refunds, exchanges, notes and complaints. */
@Resolver()
export class ReturnsResolver {}
