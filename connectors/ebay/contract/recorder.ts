import type { ContractProblem, EbayContract, Exchange, ExchangeVerdict } from './validator';

/**
 * What one simulator saw of the contract: every exchange on its `/sell/` paths is validated
 * as it is answered, and the ones that broke the contract are kept (with what broke) until a
 * test reads or clears them. Exchanges that passed are only counted.
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

export class ContractRecorder {
  /** Exchanges validated so far (violations or not). */
  exchanges = 0;
  private violations: ContractViolation[] = [];

  /**
   * `contract` null: the validator could not be loaded (`reason` says why; the library is a
   * devDependency, absent from a production install), so nothing is checked.
   */
  constructor(
    public label: string,
    private readonly contract: EbayContract | null,
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
    if (verdict.problems.length > 0) {
      this.violations.push({
        at: at.toISOString(),
        seller,
        operationId: verdict.operationId,
        method: exchange.method.toUpperCase(),
        path: exchange.path,
        query: typeof exchange.query === 'string' ? exchange.query : new URLSearchParams(exchange.query as Record<string, string>).toString(),
        status: exchange.status,
        problems: verdict.problems,
      });
    }
    return verdict;
  }

  /** The contract's operation for a method and path, when the contracts are loaded (null: none, or not checking). */
  operationOf(method: string, path: string): string | null {
    return this.contract?.operationOf(method, path)?.operation.operationId ?? null;
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
