import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { MeDocument, type MeQuery } from '../gql/graphql';
import { closeSubscriptions, request, setUnauthenticatedHandler } from './client';

/**
 * Who is signed in and what they may do. The token lives in sessionStorage (gone when the tab
 * closes); the permissions and channel limits are read from `me`, the same role assignments the
 * API checks every request against. The console only hides what a person cannot reach: the API
 * refuses it anyway.
 */

const TOKEN_KEY = 'console.token';

export type Me = NonNullable<MeQuery['me']>;

export interface Session {
  token: string | null;
  me: Me | null;
  /** True while `me` is being read after sign-in or a reload. */
  loading: boolean;
  signIn(token: string): void;
  signOut(): void;
  /** Holds the permission on some channel at least (or on all). */
  can(permission: string): boolean;
  /** Holds the permission on this channel (by key). */
  canOn(permission: string, channelKey: string | null | undefined): boolean;
}

const SessionContext = createContext<Session | null>(null);

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(readToken);
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState<boolean>(!!token);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    closeSubscriptions();
    setToken(null);
    setMe(null);
  }, []);
  const signIn = useCallback((t: string) => {
    sessionStorage.setItem(TOKEN_KEY, t);
    setToken(t);
  }, []);

  useEffect(() => setUnauthenticatedHandler(signOut), [signOut]);
  useEffect(() => {
    if (!token) return setLoading(false);
    let live = true;
    setLoading(true);
    request(MeDocument, {}, token).then(
      (r) => {
        if (!live) return;
        // An API key has no `me`: the console is for staff accounts.
        if (!r.me) signOut();
        else setMe(r.me);
        setLoading(false);
      },
      () => {
        if (!live) return;
        signOut();
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [token, signOut]);

  const value = useMemo<Session>(() => {
    const assignments = me?.roleAssignments ?? [];
    const holding = (p: string) => assignments.filter((a) => a.role.permissions.includes(p));
    return {
      token,
      me,
      loading,
      signIn,
      signOut,
      can: (p) => holding(p).length > 0,
      // An assignment without channels reaches every channel.
      canOn: (p, key) => holding(p).some((a) => a.channelIds.length === 0 || (key != null && a.channelIds.includes(key))),
    };
  }, [token, me, loading, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
