import { useState } from 'react';

/**
 * A switch that flips under the pointer at once: `checked` shows the requested value until the
 * local row (re-read after data.changed) agrees, or the request is dropped (`settle`, on refusal).
 */
export function usePendingToggle(confirmed: boolean) {
  const [pending, setPending] = useState<boolean | null>(null);
  // Adjusting state while rendering (React's pattern for state derived from props): once the row
  // agrees, a later revert from the server shows as it happens.
  if (pending !== null && pending === confirmed) setPending(null);
  return { checked: pending ?? confirmed, request: setPending, settle: () => setPending(null) };
}
