/**
 * Process-wide counters, served at GET /metrics in Prometheus text format. The benchmark and
 * the statement-count test read `sql_statements_total` before and after a request.
 */
export const metrics = {
  sqlStatements: 0,
  graphqlRequests: 0,
  graphqlErrors: 0,
};

export function renderMetrics(): string {
  const mem = process.memoryUsage();
  return [
    '# HELP sql_statements_total SQL statements sent to PostgreSQL by this process.',
    '# TYPE sql_statements_total counter',
    `sql_statements_total ${metrics.sqlStatements}`,
    '# HELP graphql_requests_total GraphQL operations executed by this process.',
    '# TYPE graphql_requests_total counter',
    `graphql_requests_total ${metrics.graphqlRequests}`,
    '# HELP graphql_errors_total GraphQL responses that carried errors.',
    '# TYPE graphql_errors_total counter',
    `graphql_errors_total ${metrics.graphqlErrors}`,
    '# HELP process_resident_memory_bytes Resident set size.',
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${mem.rss}`,
    '',
  ].join('\n');
}
