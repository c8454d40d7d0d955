import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api-client';

/** One request's lifecycle as a panel sees it. */
export type ResourceState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; value: T };

export interface Resource<T> {
  state: ResourceState<T>;
  retry(): void;
}

const LOADING = { status: 'loading' } as const;

/**
 * Runs `load` whenever `key` changes (or on retry), aborting the request it replaces, and turns
 * failures into `ApiError`s. `load` of `null` means "do not request" (state stays loading).
 * A result is only ever shown for the key it was loaded for: after a key change the state reads
 * loading at once, never the previous key's figures.
 */
export function useApiResource<T>(key: string, load: ((signal: AbortSignal) => Promise<T>) | null): Resource<T> {
  const [stored, setStored] = useState<{ key: string; attempt: number; state: ResourceState<T> }>({ key, attempt: 0, state: LOADING });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!load) return;
    const controller = new AbortController();
    const settle = (state: ResourceState<T>) => {
      if (!controller.signal.aborted) setStored({ key, attempt, state });
    };
    setStored({ key, attempt, state: LOADING });
    load(controller.signal).then(
      (value) => settle({ status: 'ready', value }),
      (error: unknown) => settle({ status: 'error', error: error instanceof ApiError ? error : new ApiError('invalid_response', error instanceof Error ? error.message : String(error), undefined, { cause: error }) }),
    );
    return () => controller.abort();
    // `load` is rebuilt every render; `key` names what it loads.
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const current = stored.key === key && stored.attempt === attempt;
  return { state: current ? stored.state : LOADING, retry };
}
