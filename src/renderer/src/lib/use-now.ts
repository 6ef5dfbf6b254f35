import { useEffect, useState } from 'react';

/** The current time, refreshed every 30 s so relative times stay true without re-rendering constantly. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
