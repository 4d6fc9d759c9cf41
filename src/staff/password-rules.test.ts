import { MIN_ADMIN_PASSWORD, passwordProblem } from './password-rules';

const code = (password: string, email?: string, min?: number) => passwordProblem(password, email, min)?.code;

describe('password rules', () => {
  it('refuses the common, the documented and the trivial', () => {
    expect(code('password')).toBe('PASSWORD_TOO_COMMON');
    expect(code('Qwertyuiop')).toBe('PASSWORD_TOO_COMMON');
    expect(code('Football2024!!')).toBe('PASSWORD_TOO_COMMON');
    expect(code('owner-pass-123')).toBe('PASSWORD_TOO_COMMON');
    expect(code('\t \t \t \t \t')).toBe('PASSWORD_TOO_SIMPLE');
    expect(code('@@@@@@@@')).toBe('PASSWORD_TOO_SIMPLE');
    expect(code('abcabcabcabc')).toBe('PASSWORD_TOO_SIMPLE');
    expect(code('short1!')).toBe('PASSWORD_TOO_SHORT');
    expect(code('x'.repeat(257) + 'y')).toBe('PASSWORD_TOO_LONG');
  });

  it('refuses the email and its local part, but not a one- or two-letter local part', () => {
    expect(code('zhang.wei-Secret9', 'Zhang.Wei@example.com')).toBe('PASSWORD_CONTAINS_EMAIL');
    expect(code('my-zhang.wei@example.com', 'zhang.wei@example.com')).toBe('PASSWORD_CONTAINS_EMAIL');
    expect(code('Lantern-Quay-77', 'la@example.com')).toBeUndefined();
  });

  it('asks more of ADMIN_PASSWORD', () => {
    expect(code('Lantern-Q7', undefined, MIN_ADMIN_PASSWORD)).toBe('PASSWORD_TOO_SHORT');
    expect(code('Lantern-Quay-77', undefined, MIN_ADMIN_PASSWORD)).toBeUndefined();
  });
});
