import type express from 'express';

/**
 * How many GraphQL operations a process executes at once; the others wait their turn, in order
 * of arrival, before their body is even read.
 *
 * Executing more operations at once than the database connections can serve buys no
 * throughput: they queue on the pool anyway, half-executed. What it does buy is memory in use
 * (every operation in flight holds its parsed request, its rows and its half-built answer),
 * and on a page of 50 products that is where the garbage collector's time went: with 50
 * operations in flight, what each allocated outlived the young generation and had to be
 * copied and then marked, where a few in flight let it die young (README, "Measured
 * performance"). Waiting here costs a queued request nothing but its socket.
 */
export class OperationGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`OperationGate needs a limit of 1 or more, got ${limit}`);
  }

  /** Operations executing now and waiting now (for /metrics and tests). */
  get state(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Express middleware: lets the request through when a place is free, else when one frees up. */
  readonly middleware = (_req: express.Request, res: express.Response, next: express.NextFunction): void => {
    let admitted = false;
    let gone = false;
    const admit = () => {
      admitted = true;
      this.running++;
      next();
    };
    // 'close' comes once the answer is sent or the client has gone, whichever happens first.
    res.once('close', () => {
      gone = true;
      if (admitted) this.release();
    });
    if (this.running < this.limit) return admit();
    // A request whose client left while it waited is skipped when its turn comes.
    this.waiting.push(() => {
      if (!gone) admit();
    });
  };

  private release(): void {
    this.running--;
    while (this.waiting.length && this.running < this.limit) this.waiting.shift()!();
  }
}
