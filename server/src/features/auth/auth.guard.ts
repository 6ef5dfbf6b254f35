import type { FastifyRequest } from 'fastify';
import { AppError } from '@shared/errors';
import type { User } from '@shared/schemas/user';
import { userView } from './user-view';

/** Who is calling: the signed-in user and the session they called with. */
export type AuthContext = { userId: string; sessionId: string; user: User };

const cache = new WeakMap<FastifyRequest, AuthContext>();

/** Resolves the bearer session of a request (re-checked on every request); throws AppError('unauthenticated'). */
export async function requireSession(request: FastifyRequest): Promise<AuthContext> {
  const cached = cache.get(request);
  if (cached) return cached;
  const header = request.headers.authorization;
  if (!header || !/^bearer\s+\S+/i.test(header)) throw new AppError('unauthenticated', 'Sign in to continue');
  const found = await request.server.auth.api.getSession({ headers: new Headers({ authorization: header }) });
  if (!found) throw new AppError('unauthenticated', 'Your session has ended; sign in again');
  const context: AuthContext = { userId: found.user.id, sessionId: found.session.id, user: userView(found.user) };
  cache.set(request, context);
  return context;
}
