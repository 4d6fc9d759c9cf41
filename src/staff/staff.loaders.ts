import DataLoader from 'dataloader';
import type { Context } from '../context';
import { DEPARTMENTS } from './roles';
import { ROLE_COLUMNS, sql, STAFF_COLUMNS } from './staff.sql';
import { pgArray } from '../common/sql';
import { AssignmentRow, DepartmentRow, StaffRow } from './staff.types';

/**
 * Per-request loaders of the staff module: a page of 50 staff with their department and roles
 * costs three statements, as does a page of 5.
 */
export interface StaffLoaders {
  staffById: DataLoader<string, StaffRow | null>;
  /** Roles held per staff id, with the channels of each assignment. */
  assignmentsByStaff: DataLoader<string, AssignmentRow[]>;
  /** Every department by key, read once per request (there are a dozen or so). */
  departments(): Promise<Map<string, DepartmentRow>>;
}

// Kept beside the context rather than in it, so the staff module needs no change to context.ts.
const perRequest = new WeakMap<Context, StaffLoaders>();

export function staffLoaders(ctx: Context): StaffLoaders {
  let loaders = perRequest.get(ctx);
  if (!loaders) {
    loaders = createStaffLoaders(ctx);
    perRequest.set(ctx, loaders);
  }
  return loaders;
}

/**
 * Forgets what was loaded. Staff mutations call it after writing: the payload's fields resolve
 * after the transaction commits and must not see rows cached before the change (the unit of
 * work clears only the catalogue loaders).
 */
export function forgetStaffLoaders(ctx: Context): void {
  perRequest.delete(ctx);
}

const DEPARTMENT_ORDER = new Map(DEPARTMENTS.map((d, i) => [d.key, i]));

/** Departments in the order of roles.ts, unknown ones after them by key. */
export function sortDepartments<T extends { key: string }>(rows: T[]): T[] {
  const rank = (k: string) => DEPARTMENT_ORDER.get(k) ?? Number.MAX_SAFE_INTEGER;
  return [...rows].sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}

function createStaffLoaders(ctx: Context): StaffLoaders {
  let departments: Promise<Map<string, DepartmentRow>> | undefined;
  return {
    staffById: new DataLoader(async (ids) => {
      const rows = await sql<StaffRow>(ctx, `select ${STAFF_COLUMNS} from staff s where s.id = any(?::uuid[])`, [pgArray(ids)]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }, { maxBatchSize: 1000 }),
    assignmentsByStaff: new DataLoader(async (ids) => {
      const rows = await sql<AssignmentRow>(
        ctx,
        `select ra.staff_id, ra.channel_ids, ${ROLE_COLUMNS}
           from role_assignment ra join role r on r.key = ra.role_key
          where ra.staff_id = any(?::uuid[])
          order by ra.staff_id, r.built_in desc, r.key`,
        [pgArray(ids)],
      );
      const groups = new Map<string, AssignmentRow[]>(ids.map((id) => [id, []]));
      for (const r of rows) groups.get(r.staff_id)?.push(r);
      return ids.map((id) => groups.get(id)!);
    }, { maxBatchSize: 1000 }),
    departments: () =>
      (departments ??= sql<DepartmentRow>(ctx, 'select key, name, name_zh from department').then(
        (rows) => new Map(sortDepartments(rows).map((r) => [r.key, r])),
      )),
  };
}
