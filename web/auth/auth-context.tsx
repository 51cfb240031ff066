/**
 * Who is logged in, and what they may do. The server is the authority: this only mirrors GET /api/auth/me so
 * pages can hide what the user cannot use, and reacts when the API client reports an expired session or a
 * forced password change.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Permission } from '#domain/permissions.ts';
import type { Me, MeResponse } from '#domain/schemas/auth.ts';
import { ApiError, api, onAuthProblem } from '../api/client.ts';

export type AuthState =
  | { status: 'loading' }
  /** `why`: never logged in (keep the address to come back to), session expired, or logged out on purpose. */
  | { status: 'anonymous'; why: 'initial' | 'expired' | 'signed-out' }
  | { status: 'error'; error: Error }
  | { status: 'authenticated'; me: Me; demoMode: boolean };

type AuthValue = {
  state: AuthState;
  /** The logged-in user, when there is one. */
  me: Me | undefined;
  demoMode: boolean;
  can: (permission: Permission) => boolean;
  signedIn: (response: MeResponse) => void;
  signOut: () => Promise<void>;
  reload: () => Promise<void>;
};

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const reload = useCallback(async () => {
    try {
      const response = await api.auth.me();
      setState({ status: 'authenticated', me: response.user, demoMode: response.demoMode });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401)
        setState({ status: 'anonymous', why: 'initial' });
      else setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) });
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(() => {
    onAuthProblem((problem) => {
      if (problem === 'unauthenticated') {
        setState((s) => (s.status === 'anonymous' ? s : { status: 'anonymous', why: 'expired' }));
      } else {
        setState((s) =>
          s.status === 'authenticated' ? { ...s, me: { ...s.me, mustChangePassword: true } } : s,
        );
      }
    });
    return () => onAuthProblem(undefined);
  }, []);

  const signedIn = useCallback((response: MeResponse) => {
    setState({ status: 'authenticated', me: response.user, demoMode: response.demoMode });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.auth.logout();
    } finally {
      setState({ status: 'anonymous', why: 'signed-out' });
    }
  }, []);

  const value = useMemo<AuthValue>(() => {
    const me = state.status === 'authenticated' ? state.me : undefined;
    const granted = new Set<Permission>(me?.permissions ?? []);
    return {
      state,
      me,
      demoMode: state.status === 'authenticated' && state.demoMode,
      can: (permission) => granted.has(permission),
      signedIn,
      signOut,
      reload,
    };
  }, [state, signedIn, signOut, reload]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}
