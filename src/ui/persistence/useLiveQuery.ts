import { useEffect, useState } from 'react';
import { liveQuery } from 'dexie';

/**
 * The latest result of a Dexie query, re-run whenever the tables it read change, in this tab or
 * another (Dexie 4 broadcasts changes between tabs). `undefined` until the first result.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    const sub = liveQuery(query).subscribe({ next: setValue, error: () => setValue(undefined) });
    return () => sub.unsubscribe();
    // The query closes over `deps`; re-subscribing when they change is the point.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}
