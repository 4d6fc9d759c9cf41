import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { Allow, SIGNED_IN } from './access';
import { P } from './permissions';
import { CreateRoleInput, UpdateRoleInput } from './staff.inputs';
import { RolePayload } from './staff.payloads';
import { departmentByKey } from './staff.queries';
import { createRole, deleteRole, listDepartments, listPermissions, listRoles, updateRole } from './role.service';
import { Department, PermissionInfo, Role } from './staff.types';

@Resolver(() => Role)
export class RoleResolver {
  @Query(() => [Department], { description: 'Every department of the company.' })
  @Allow('Query.departments', P.StaffRead, P.StaffManage)
  departments(@Ctx() ctx: Context): Promise<Department[]> {
    return listDepartments(ctx);
  }

  @Query(() => [Role], { description: 'Every role: the built-in ones first, then custom ones by key.' })
  @Allow('Query.roles', P.StaffRead, P.StaffManage, P.RolesManage)
  roles(@Ctx() ctx: Context): Promise<Role[]> {
    return listRoles(ctx);
  }

  @Query(() => [PermissionInfo], { description: 'Every permission of the product with what it allows.' })
  @Allow('Query.permissions', SIGNED_IN)
  permissions(): PermissionInfo[] {
    return listPermissions();
  }

  @FieldResolver(() => Department, { nullable: true, description: 'Home department of the role; department managers may grant only roles of their own department. Null for a custom role without one.' })
  department(@Root() role: Role, @Ctx() ctx: Context): Promise<Department | null> {
    return role.departmentKey ? departmentByKey(ctx, role.departmentKey) : Promise.resolve(null);
  }

  @Mutation(() => RolePayload, { description: 'Creates a custom role from existing permissions; you must hold each permission you put in it.' })
  @Allow('Mutation.createRole', P.RolesManage)
  createRole(@Ctx() ctx: Context, @Arg('input', () => CreateRoleInput, { description: 'The new role.' }) input: CreateRoleInput): Promise<RolePayload> {
    return createRole(ctx, input);
  }

  @Mutation(() => RolePayload, { description: 'Changes a custom role; built-in roles cannot be changed. Holders gain or lose permissions at once.' })
  @Allow('Mutation.updateRole', P.RolesManage)
  updateRole(
    @Ctx() ctx: Context,
    @Arg('key', { description: 'Role key.' }) key: string,
    @Arg('input', () => UpdateRoleInput, { description: 'The changes.' }) input: UpdateRoleInput,
  ): Promise<RolePayload> {
    return updateRole(ctx, key, input);
  }

  @Mutation(() => RolePayload, { description: 'Deletes a custom role that nobody holds; built-in roles cannot be deleted.' })
  @Allow('Mutation.deleteRole', P.RolesManage)
  deleteRole(@Ctx() ctx: Context, @Arg('key', { description: 'Role key.' }) key: string): Promise<RolePayload> {
    return deleteRole(ctx, key);
  }
}
