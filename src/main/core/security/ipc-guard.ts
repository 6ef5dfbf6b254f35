import { AppError } from '@shared/errors';
import type { IpcResponse } from '@shared/ipc';
import type { Core } from '../create-core';
import { isTrustedSender } from './app-page';
import type { AppPage } from './app-page';

/**
 * Answers one IPC invoke: refused unless it comes from the app page's top frame; the core then
 * parses the input with the contract's schema. Errors travel as `{code, message}`.
 */
export async function answerInvoke(
  core: Pick<Core, 'invoke'>,
  page: AppPage,
  sender: { url: string; isMainFrame: boolean } | null,
  method: unknown,
  input: unknown,
): Promise<IpcResponse<unknown>> {
  if (!isTrustedSender(sender, page)) {
    return { ok: false, error: new AppError('forbidden', 'This page may not talk to Botdesk').toBody() };
  }
  if (typeof method !== 'string' || method.length > 64) {
    return { ok: false, error: new AppError('validation_failed', 'Name the method to call').toBody() };
  }
  return core.invoke(method, input);
}
