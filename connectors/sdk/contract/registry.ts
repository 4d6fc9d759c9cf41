import type { ContractRecorder, ContractViolation } from './recorder';

/**
 * The contract-checking simulators started in this process (in jest: in this test file, each file
 * having its own module registry), so that every test that talks to one is held to the
 * marketplace's models without asking for it: `jest-setup.ts` (jest.config.js
 * `setupFilesAfterEnv`) fails the test whose traffic broke them, and the file for a simulator
 * that could not check at all. Light on purpose: every test file of the repository loads it, and
 * only the simulators load the models.
 */

const recorders = new Set<ContractRecorder>();

export function trackRecorder(recorder: ContractRecorder): void {
  recorders.add(recorder);
}

export interface ContractReport {
  simulators: number;
  exchanges: number;
  /** Simulators that ran without the validator (and why). */
  unchecked: { simulator: string; marketplace: string; reason: string }[];
  violations: (ContractViolation & { simulator: string; marketplace: string; contractDir: string })[];
}

export function contractReport(): ContractReport {
  const all = [...recorders];
  return {
    simulators: all.length,
    exchanges: all.reduce((n, r) => n + r.exchanges, 0),
    unchecked: all.filter((r) => !r.checking).map((r) => ({ simulator: r.label, marketplace: r.identity.marketplace, reason: r.reason ?? 'unknown' })),
    violations: all.flatMap((r) => r.list().map((v) => ({ ...v, simulator: r.label, marketplace: r.identity.marketplace, contractDir: r.identity.contractDir }))),
  };
}

/** The report, with the violations it names taken out of the simulators (so the next report shows only newer ones). */
export function takeContractReport(): ContractReport {
  const report = contractReport();
  for (const r of recorders) r.take();
  return report;
}

/** Removes (and returns) the violations `which` selects from every simulator of this process. */
export function takeContractViolations(which: (v: ContractViolation) => boolean = () => true): ContractViolation[] {
  return [...recorders].flatMap((r) => r.take(which));
}

/** Forgets the simulators tracked so far (after a report). */
export function resetContractRegistry(): void {
  recorders.clear();
}

/** The report as the failure message of a test file; '' when there is nothing to say. */
export function formatContractReport(report: ContractReport, limit = 20): string {
  const lines: string[] = [];
  for (const u of report.unchecked) lines.push(`${u.marketplace} simulator ${u.simulator} ran without checking its contract: ${u.reason}`);
  if (report.violations.length > 0) {
    const where = [...new Set(report.violations.map((v) => `${v.marketplace}'s models (${v.contractDir})`))].join(', ');
    lines.push(`${report.violations.length} exchange(s) broke ${where}:`);
    for (const v of report.violations.slice(0, limit)) {
      lines.push(`  ${v.method} ${v.path}${v.query ? `?${v.query}` : ''} → ${v.status}${v.operationId ? ` (${v.operationId})` : ''}`);
      for (const p of v.problems) lines.push(`    ${p.side} ${p.where}: ${p.message}`);
    }
    if (report.violations.length > limit) lines.push(`  … and ${report.violations.length - limit} more`);
    lines.push('A test that breaks the contract on purpose takes what it expected with takeContractViolations() (or POST /__sim/contract-violations/clear).');
  }
  return lines.join('\n');
}
