import DataLoader from 'dataloader';
import type { Context } from '../context';
import { DEPARTMENTS } from './roles';
import { ROLE_COLUMNS, STAFF_COLUMNS } from './staff.queries';
import { groupRows, pgArray, rowPerKey, selectRows } from '../common/sql';
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

const DEPARTMENT_ORDER = new Map(DEPARTMENTS.map((d, i) => [d.key, i]));

/** Departments in the order of roles.ts, unknown ones after them by key. */
export function sortDepartments<T extends { key: string }>(rows: T[]): T[] {
  const rank = (k: string) => DEPARTMENT_ORDER.get(k) ?? Number.MAX_SAFE_INTEGER;
  return [...rows].sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
}

/** The staff module's loaders of one request (ctx.loaders.staff, dropped by every commit). */
export function createStaffLoaders(ctx: Context): StaffLoaders {
  let departments: Promise<Map<string, DepartmentRow>> | undefined;
  return {
    staffById: new DataLoader(async (ids) => {
      const rows = await selectRows<StaffRow>(ctx.em, `select ${STAFF_COLUMNS} from staff s where s.id = any(?::uuid[])`, [pgArray(ids)]);
      return rowPerKey(rows, ids, (r) => r.id);
    }, { maxBatchSize: 1000 }),
    assignmentsByStaff: new DataLoader(async (ids) => {
      const rows = await selectRows<AssignmentRow>(
        ctx.em,
        `select ra.staff_id, ra.channel_ids, ${ROLE_COLUMNS}
           from role_assignment ra join role r on r.key = ra.role_key
          where ra.staff_id = any(?::uuid[])
          order by ra.staff_id, r.built_in desc, r.key`,
        [pgArray(ids)],
      );
      return groupRows(rows, ids, (r) => r.staff_id);
    }, { maxBatchSize: 1000 }),
    departments: () =>
      (departments ??= selectRows<DepartmentRow>(ctx.em, 'select key, name, name_zh from department').then(
        (rows) => new Map(sortDepartments(rows).map((r) => [r.key, r])),
      )),
  };
}
