import { useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { request } from '../api/client';
import { useSession } from '../api/session';
import { SignInDocument } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';
import { ErrorNote, Loading } from '../ui/ui';

/** Sign-in with a staff account (the login mutation); the token is kept for this tab only. */
export function SignIn() {
  const { t, locale, setLocale } = useI18n();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const [error, setError] = useState<Error>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setRefusal(undefined);
    setError(undefined);
    try {
      const r = await request(SignInDocument, { email: email.trim(), password }, null);
      if (r.login.token) {
        signIn(r.login.token);
        navigate(from && from !== '/signin' ? from : '/', { replace: true });
      } else {
        const code = r.login.userErrors[0]?.code;
        setRefusal(code === 'TOO_MANY_ATTEMPTS' ? t('signin.tooMany') : t('signin.refused'));
      }
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin" id="main">
      <form onSubmit={submit} className="panel" aria-labelledby="signin-title">
        <h1 id="signin-title">{t('app.title')}</h1>
        <p className="muted">{t('signin.intro')}</p>
        <label>
          {t('signin.email')}
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label>
          {t('signin.password')}
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {refusal && (
          <p className="error" role="alert">
            {refusal}
          </p>
        )}
        <ErrorNote error={error} />
        {busy && <Loading label={t('signin.signingIn')} />}
        <div className="row">
          <button type="submit" disabled={busy}>
            {t('signin.submit')}
          </button>
          <button type="button" className="link-button" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
            {locale === 'zh-CN' ? 'English' : '中文'}
          </button>
        </div>
      </form>
    </main>
  );
}
