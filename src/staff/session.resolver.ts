import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Allow, PUBLIC, SIGNED_IN } from './access';
import { LoginPayload, StaffPayload } from './staff.payloads';
import { changeMyPassword, login } from './session.service';

@Resolver()
export class SessionResolver {
  @Mutation(() => LoginPayload, { description: 'Signs in with email and password; send the token as "Authorization: Bearer <token>" until it expires.' })
  @Allow('Mutation.login', PUBLIC)
  login(
    @Ctx() ctx: Context,
    @Arg('email', { description: 'Sign-in email (case does not matter).' }) email: string,
    @Arg('password', { description: 'Password.' }) password: string,
  ): Promise<LoginPayload> {
    return login(ctx, email, password);
  }

  @Mutation(() => StaffPayload, { description: "Changes the signed-in staff member's own password. Tokens already issued keep working until they expire." })
  @Allow('Mutation.changeMyPassword', SIGNED_IN)
  changeMyPassword(
    @Ctx() ctx: Context,
    @Arg('currentPassword', { description: 'The password in use now.' }) currentPassword: string,
    @Arg('newPassword', { description: 'The new password, at least 8 characters.' }) newPassword: string,
  ): Promise<StaffPayload> {
    return changeMyPassword(ctx, currentPassword, newPassword);
  }
}
