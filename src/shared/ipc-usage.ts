import type { z } from 'zod';

/** IPC requests of the usage and alerts pages (spread into ipcMethods). */
export const usageIpcMethods = {} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;
