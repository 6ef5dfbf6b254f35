import { useState } from 'react';
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

/** First message per top-level field; form-wide issues (refinements) land under `_form`. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : '_form';
    out[key] ??= issue.message;
  }
  return out;
}

/**
 * Form state checked with the contract's own zod schema, so the form refuses exactly what the
 * core would. `validate` returns the parsed values or null after showing the errors.
 */
export function useZodForm<S extends z.ZodType<unknown, Record<string, unknown>>>(schema: S, initial: z.input<S>) {
  const [values, setValues] = useState<z.input<S>>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});

  const setField = <K extends keyof z.input<S>>(key: K, value: z.input<S>[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => {
      if (!(key in e)) return e;
      const rest = { ...e };
      delete rest[key as string];
      return rest;
    });
  };

  const validate = (): z.output<S> | null => {
    const parsed = schema.safeParse(values);
    if (parsed.success) {
      setErrors({});
      return parsed.data;
    }
    setErrors(fieldErrors(parsed.error));
    return null;
  };

  return { values, setValues, errors, setField, validate };
}
