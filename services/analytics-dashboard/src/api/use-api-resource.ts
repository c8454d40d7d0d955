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

/**
 * Runs `load` whenever `key` changes (or on retry), aborting the request it replaces, and turns
 * failures into `ApiError`s. `load` of `null` means "do not request" (state stays loading).
 */
export function useApiResource<T>(key: string, load: ((signal: AbortSignal) => Promise<T>) | null): Resource<T> {
  const [state, setState] = useState<ResourceState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!load) return;
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ status: 'ready', value });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError = error instanceof ApiError ? error : new ApiError('invalid_response', error instanceof Error ? error.message : String(error), undefined, { cause: error });
        setState({ status: 'error', error: apiError });
      },
    );
    return () => controller.abort();
    // `load` is rebuilt every render; `key` names what it loads.
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
