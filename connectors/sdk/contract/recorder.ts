import type { ContractProblem, Exchange, ExchangeContract, ExchangeVerdict } from './exchange';
import { queryString } from './exchange';

/**
 * What one simulator saw of its marketplace's contract: every exchange on the marketplace's API
 * paths is validated as it is answered, and the ones that broke the contract are kept (with what
 * broke) until a test reads or clears them. Exchanges that passed are only counted. Documents
 * that travel outside the API calls (an uploaded feed) are checked by the marketplace's own code
 * and handed in with `recordProblems`.
 */

export interface ContractViolation {
  at: string;
  /** The simulator's seller prefix (null: the first seller, at the root). */
  seller: string | null;
  operationId: string | null;
  method: string;
  path: string;
  query: string;
  status: number;
  problems: ContractProblem[];
}

export interface RecorderIdentity {
  /** The marketplace, for messages ("Amazon"). */
  marketplace: string;
  /** Where its contract check lives, for messages (`connectors/amazon/contract`). */
  contractDir: string;
}

export class ContractRecorder {
  /** Exchanges validated so far (violations or not). */
  exchanges = 0;
  private violations: ContractViolation[] = [];

  /**
   * `contract` null: the validator could not be loaded (`reason` says why; the libraries are
   * devDependencies, absent from a production install), so nothing is checked.
   */
  constructor(
    public label: string,
    readonly identity: RecorderIdentity,
    private readonly contract: ExchangeContract | null,
    readonly reason: string | null = null,
  ) {}

  get checking(): boolean {
    return this.contract !== null;
  }

  /** Validates one exchange; keeps it when it broke the contract. Null when not checking. */
  record(exchange: Exchange, seller: string | null, at: Date): ExchangeVerdict | null {
    if (!this.contract) return null;
    this.exchanges++;
    const verdict = this.contract.validate(exchange);
    if (verdict.problems.length > 0) this.keep(exchange, verdict.operationId, verdict.problems, seller, at);
    return verdict;
  }

  /** Problems found outside `validate` (a document checked against its schema), kept against the exchange that carried it. */
  recordProblems(exchange: Pick<Exchange, 'method' | 'path' | 'query' | 'status'>, operationId: string | null, problems: ContractProblem[], seller: string | null, at: Date): void {
    if (!this.contract || problems.length === 0) return;
    this.keep(exchange, operationId, problems, seller, at);
  }

  private keep(exchange: Pick<Exchange, 'method' | 'path' | 'query' | 'status'>, operationId: string | null, problems: ContractProblem[], seller: string | null, at: Date): void {
    this.violations.push({ at: at.toISOString(), seller, operationId, method: exchange.method.toUpperCase(), path: exchange.path, query: queryString(exchange.query), status: exchange.status, problems });
  }

  /** The contract's operation for a method and path (null: none, or not checking). */
  operationOf(method: string, path: string): string | null {
    return this.contract?.operationOf(method, path)?.operationId ?? null;
  }

  list(): ContractViolation[] {
    return [...this.violations];
  }

  /** Removes the violations `which` selects (all by default) and returns them: a test that sent a bad request on purpose takes what it expected. */
  take(which: (v: ContractViolation) => boolean = () => true): ContractViolation[] {
    const taken = this.violations.filter(which);
    this.violations = this.violations.filter((v) => !which(v));
    return taken;
  }

  describe(): { checking: boolean; reason: string | null; exchanges: number; violations: ContractViolation[] } {
    return { checking: this.checking, reason: this.reason, exchanges: this.exchanges, violations: this.list() };
  }
}
