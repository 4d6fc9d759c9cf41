import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { ConnectionArgs, toConnection } from '../common/relay';
import { Allow, SIGNED_IN } from './access';
import { P } from './permissions';
import { CreateStaffInput, SetStaffRolesInput, StaffFilter, UpdateStaffInput } from './staff.inputs';
import { StaffPayload } from './staff.payloads';
import { assignmentsOf, currentStaff, departmentOf, listStaff, rolesOf, staffByGlobalId } from './staff.queries';
import { createStaff, setStaffRoles, updateStaff } from './staff.service';
import { Department, Role, RoleAssignment, Staff, StaffConnection } from './staff.types';

@Resolver(() => Staff)
export class StaffResolver {
  @Query(() => Staff, { nullable: true, description: 'The signed-in staff member; null when the caller is an API key.' })
  @Allow('Query.me', SIGNED_IN)
  me(@Ctx() ctx: Context): Promise<Staff | null> {
    return currentStaff(ctx);
  }

  @Query(() => StaffConnection, { description: 'Staff members in name order, deactivated ones included unless the filter says otherwise.' })
  @Allow('Query.staffMembers', P.StaffRead, P.StaffManage)
  async staffMembers(
    @Ctx() ctx: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => StaffFilter, { nullable: true, description: 'Conditions the staff members must meet.' }) filter?: StaffFilter,
  ): Promise<object> {
    return toConnection(await listStaff(ctx, args, filter));
  }

  @Query(() => Staff, { nullable: true, description: 'One staff member by id; null when there is none.' })
  @Allow('Query.staffMember', P.StaffRead, P.StaffManage)
  staffMember(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'Staff id.' }) id: string): Promise<Staff | null> {
    return staffByGlobalId(ctx, id);
  }

  @FieldResolver(() => Department, { description: 'The department the person belongs to.' })
  department(@Root() staff: Staff, @Ctx() ctx: Context): Promise<Department> {
    return departmentOf(ctx, staff);
  }

  @FieldResolver(() => [Role], { description: 'The roles the person holds (on all or some channels; see roleAssignments).' })
  roles(@Root() staff: Staff, @Ctx() ctx: Context): Promise<Role[]> {
    return rolesOf(ctx, staff);
  }

  @FieldResolver(() => [RoleAssignment], { description: 'The roles the person holds with the channels each is limited to.' })
  roleAssignments(@Root() staff: Staff, @Ctx() ctx: Context): Promise<RoleAssignment[]> {
    return assignmentsOf(ctx, staff);
  }

  @Mutation(() => StaffPayload, {
    description: 'Creates a staff account. You may grant only roles whose permissions you hold (on the channels given). With staff.manage_department only, the account must be in your own department and get only its roles. Roles carrying roles.manage or apikeys.manage need roles.manage.',
  })
  @Allow('Mutation.createStaff', P.StaffManage, P.StaffManageDepartment)
  createStaff(@Ctx() ctx: Context, @Arg('input', () => CreateStaffInput, { description: 'The new account.' }) input: CreateStaffInput): Promise<StaffPayload> {
    return createStaff(ctx, input);
  }

  @Mutation(() => StaffPayload, { description: "Changes name, department, password or active state of a staff account (same scope rules as createStaff). Only an owner sets another person's password. The last active owner cannot be deactivated." })
  @Allow('Mutation.updateStaff', P.StaffManage, P.StaffManageDepartment)
  updateStaff(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'Staff id.' }) id: string,
    @Arg('input', () => UpdateStaffInput, { description: 'The changes.' }) input: UpdateStaffInput,
  ): Promise<StaffPayload> {
    return updateStaff(ctx, id, input);
  }

  @Mutation(() => StaffPayload, { description: 'Replaces every role a staff member holds (same scope rules as createStaff); nobody changes their own roles. The owner role cannot be taken from the last active owner.' })
  @Allow('Mutation.setStaffRoles', P.StaffManage, P.StaffManageDepartment)
  setStaffRoles(@Ctx() ctx: Context, @Arg('input', () => SetStaffRolesInput, { description: 'The staff member and their complete set of roles.' }) input: SetStaffRolesInput): Promise<StaffPayload> {
    return setStaffRoles(ctx, input);
  }
}
