/** App-wide context: the API client, settings and app info, and small shared hooks. */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { OpOutput, PublicSettings } from '../../shared/api';
import type { AppClient } from './api';

export const ClientContext = createContext<AppClient | null>(null);

export function useClient(): AppClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('ClientContext missing');
  return client;
}

export interface AppState {
  info: OpOutput<'app.info'> | null;
  settings: PublicSettings | null;
  setSettings: (settings: PublicSettings) => void;
  openSettings: () => void;
}

export const AppStateContext = createContext<AppState>({
  info: null,
  settings: null,
  setSettings: () => undefined,
  openSettings: () => undefined,
});

export function useAppState(): AppState {
  return useContext(AppStateContext);
}

/** useState that survives a reload (sessionStorage). */
export function useSessionState<T>(key: string, initial: T): [T, (value: T) => void] {
  return useStoredState('session', key, initial);
}

/** useState kept across sessions (localStorage): view preferences. */
export function useLocalState<T>(key: string, initial: T): [T, (value: T) => void] {
  return useStoredState('local', key, initial);
}

function storage(kind: 'session' | 'local'): Storage {
  return kind === 'session' ? window.sessionStorage : window.localStorage;
}

function useStoredState<T>(kind: 'session' | 'local', key: string, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = storage(kind).getItem(key);
      return raw === null ? initial : (JSON.parse(raw) as T);
    } catch {
      return initial;
    }
  });
  const set = useCallback(
    (next: T) => {
      setValue(next);
      try {
        storage(kind).setItem(key, JSON.stringify(next));
      } catch {
        // storage full or disabled: the state just won't survive a reload
      }
    },
    [kind, key],
  );
  return [value, set];
}

/** A value that settles `delay` ms after it last changed. */
export function useDebounced<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/** True while mounted; for async work that finishes after unmount. */
export function useMounted(): React.RefObject<boolean> {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  return mounted;
}
