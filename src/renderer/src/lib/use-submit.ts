import { useState } from 'react';
import { errorMessage } from '@renderer/components/error-alert';

/**
 * A form's submit state: `run` marks it busy, clears the last refusal, and turns a thrown error
 * into the refusal a person reads. `keepBusyOnSuccess` leaves it busy after success, for forms
 * whose page is about to be replaced (so a redirect cannot overtake the navigation).
 */
export function useSubmit(options: { keepBusyOnSuccess?: boolean } = {}) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const run = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setRefusal(null);
    try {
      await action();
      if (!options.keepBusyOnSuccess) setBusy(false);
    } catch (error) {
      setRefusal(errorMessage(error));
      setBusy(false);
    }
  };
  return { busy, refusal, setRefusal, run };
}
