import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * Whether the page was opened with `?<name>=1` (a quick action asking it to open a dialog). The
 * parameter is removed from the address at once, so a reload or going back does not open it again.
 */
export function useQueryFlag(name: string): boolean {
  const [params, setParams] = useSearchParams();
  const [raised] = useState(() => params.get(name) === '1');
  const present = params.has(name);
  useEffect(() => {
    if (!present) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete(name);
        return next;
      },
      { replace: true },
    );
  }, [present, name, setParams]);
  return raised;
}
