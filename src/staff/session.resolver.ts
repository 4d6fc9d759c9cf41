import { Arg, Ctx, Extensions, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { Allow, PUBLIC, SIGNED_IN } from './access';
import { P } from './permissions';
import { LoginPayload, PasswordChangePayload, PasswordResetRequestPayload } from './staff.payloads';
import { changeMyPassword, login } from './session.service';
import { requestPasswordReset, resetPassword } from './password-reset.service';
import { throttleSignIn } from './login-throttle';
import { BEFORE_TRANSACTION } from './unit-of-work';

@Resolver()
export class SessionResolver {
  @Mutation(() => LoginPayload, {
    description: 'Signs in with email and password; send the token as "Authorization: Bearer <token>" until it expires. Repeated failures lock the account and the client address for a while (TOO_MANY_ATTEMPTS).',
  })
  @Allow('Mutation.login', PUBLIC)
  @Extensions({ [BEFORE_TRANSACTION]: throttleSignIn })
  login(
    @Ctx() ctx: Context,
    @Arg('email', { description: 'Sign-in email (case does not matter).' }) email: string,
    @Arg('password', { description: 'Password.' }) password: string,
  ): Promise<LoginPayload> {
    return login(ctx, email, password);
  }

  @Mutation(() => PasswordChangePayload, {
    description: "Changes the signed-in staff member's own password. Every token issued before stops working, this one included; the payload carries a new token.",
  })
  @Allow('Mutation.changeMyPassword', SIGNED_IN)
  changeMyPassword(
    @Ctx() ctx: Context,
    @Arg('currentPassword', { description: 'The password in use now.' }) currentPassword: string,
    @Arg('newPassword', { description: 'The new password: at least 8 characters, not a common one, not containing your email.' }) newPassword: string,
  ): Promise<PasswordChangePayload> {
    return changeMyPassword(ctx, currentPassword, newPassword);
  }

  @Mutation(() => PasswordResetRequestPayload, {
    description: 'Starts a password reset for a staff member you may manage: a single-use code, valid for 24 hours, is sent to them (never to you); they complete it with resetPassword.',
  })
  @Allow('Mutation.requestPasswordReset', P.StaffManage, P.StaffManageDepartment)
  requestPasswordReset(
    @Ctx() ctx: Context,
    @Arg('staffId', () => ID, { description: 'Staff id of the person whose password is to be reset.' }) staffId: string,
  ): Promise<PasswordResetRequestPayload> {
    return requestPasswordReset(ctx, staffId);
  }

  @Mutation(() => PasswordChangePayload, {
    description: 'Completes a password reset with the code the person received, and signs them in. Tokens issued before stop working. Throttled like login.',
  })
  @Allow('Mutation.resetPassword', PUBLIC)
  @Extensions({ [BEFORE_TRANSACTION]: throttleSignIn })
  resetPassword(
    @Ctx() ctx: Context,
    @Arg('email', { description: 'Sign-in email of the account (case does not matter).' }) email: string,
    @Arg('resetCode', { description: 'The reset code from the message (case, spaces and dashes do not matter).' }) resetCode: string,
    @Arg('newPassword', { description: 'The new password: at least 8 characters, not a common one, not containing the email.' }) newPassword: string,
  ): Promise<PasswordChangePayload> {
    return resetPassword(ctx, email, resetCode, newPassword);
  }
}
