import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './api';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => Promise<void>;
}

/** GET an API path; `refreshMs` polls while the returned function says so. */
export function useApi<T>(path: string | null, refreshMs?: (data: T) => number | null): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const timer = useRef<number | undefined>(undefined);
  const refresh = useRef(refreshMs);
  refresh.current = refreshMs;

  const load = useCallback(async () => {
    if (!path) return;
    window.clearTimeout(timer.current);
    try {
      const body = await api.get<T>(path);
      setData(body);
      setError(null);
      const next = refresh.current?.(body);
      if (next) timer.current = window.setTimeout(() => void load(), next);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, { code: 'NETWORK', message: String(e) }));
    } finally {
      setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    setLoading(true);
    setData(null);
    void load();
    return () => window.clearTimeout(timer.current);
  }, [load]);

  return { data, error, loading, reload: load };
}
