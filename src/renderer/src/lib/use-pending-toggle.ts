import { useState } from 'react';
import { errorMessage } from '@renderer/components/error-alert';
import { useAppStore } from '@renderer/store';

/**
 * A switch that flips under the pointer at once: `checked` shows the requested value until the
 * local row (re-read after data.changed) agrees, or the request is dropped (`settle`, on refusal).
 */
function usePendingToggle(confirmed: boolean) {
  const [pending, setPending] = useState<boolean | null>(null);
  // Adjusting state while rendering (React's pattern for state derived from props): once the row
  // agrees, a later revert from the server shows as it happens.
  if (pending !== null && pending === confirmed) setPending(null);
  return { checked: pending ?? confirmed, request: setPending, settle: () => setPending(null) };
}

/**
 * A pending toggle that runs `change` when flipped; a refusal puts the switch back and says why in
 * an error notice titled `failure(value)`.
 */
export function useOptimisticToggle(options: {
  confirmed: boolean;
  orgId: string;
  change(value: boolean): Promise<unknown>;
  failure(value: boolean): string;
}) {
  const showNotice = useAppStore((s) => s.showNotice);
  const shown = usePendingToggle(options.confirmed);
  const toggle = async (value: boolean) => {
    shown.request(value);
    try {
      await options.change(value);
    } catch (error) {
      shown.settle();
      showNotice({ level: 'error', title: options.failure(value), message: errorMessage(error), orgId: options.orgId });
    }
  };
  return { checked: shown.checked, toggle };
}
