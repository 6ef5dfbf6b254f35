import type { IpcEvent, IpcEventPayload } from '@shared/ipc';
import type { LocalDb } from '../db/connection';
import type { ServerClient } from './http-client';

/** What a sync step needs: the user's database, the signed-in server client and the event sink. */
export type SyncContext = {
  db: LocalDb;
  client: ServerClient;
  clientId: string;
  emit<E extends IpcEvent>(event: E, payload: IpcEventPayload<E>): void;
};
