import { z } from 'zod';
import { serverUrlSchema } from '@shared/schemas/common';

const empty = (v: unknown) => (v === '' ? undefined : v);

const desktopEnvSchema = z.object({
  /** electron-vite's dev server (development only; ignored when packaged). */
  ELECTRON_RENDERER_URL: z.preprocess(empty, z.url().optional()),
  /** The server the sign-in screen suggests on first launch (`npm start` sets it). */
  BOTDESK_DEFAULT_SERVER_URL: z.preprocess(empty, serverUrlSchema.optional()),
  /** Overrides the update feed baked into the build (a self-hosted server's /updates/). */
  BOTDESK_UPDATE_URL: z.preprocess(empty, z.string().max(2048).optional()),
  /** Set by the AppImage runtime to the image's path. */
  APPIMAGE: z.preprocess(empty, z.string().optional()),
  XDG_DATA_HOME: z.preprocess(empty, z.string().optional()),
});
export type DesktopEnv = z.infer<typeof desktopEnvSchema>;

/** The desktop main process's only reader of process.env; a bad value is ignored, never fatal. */
export function loadDesktopEnv(source: NodeJS.ProcessEnv = process.env): DesktopEnv {
  const parsed = desktopEnvSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(desktopEnvSchema.shape) as (keyof DesktopEnv)[]) {
    const one = desktopEnvSchema.shape[key].safeParse(source[key]);
    if (one.success) fields[key] = one.data;
    else console.warn(`Ignoring ${key}: ${one.error.issues[0]?.message ?? 'invalid'}`);
  }
  return fields as DesktopEnv;
}
