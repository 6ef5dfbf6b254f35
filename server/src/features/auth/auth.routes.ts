import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { passwordSchema } from '@shared/schemas/common';
import { myMembershipSchema } from '@shared/schemas/org';
import {
  authResultSchema,
  passwordResetConfirmBodySchema,
  passwordResetRequestBodySchema,
  sessionInfoSchema,
  signInBodySchema,
  signUpBodySchema,
  updateProfileBodySchema,
  userSchema,
  verifyEmailBodySchema,
} from '@shared/schemas/user';
import { requireSession } from './auth.guard';
import * as service from './auth.service';
import type { ClientMeta } from './auth.service';

const empty = z.object({});
const bearer = [{ bearer: [] }];

function meta(request: FastifyRequest): ClientMeta {
  return { ip: request.ip, userAgent: request.headers['user-agent'], authorization: request.headers.authorization };
}

/** Identity: sign-up/in/out, email verification, password reset, the profile and sessions. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['identity'];

  app.post(
    '/v1/auth/sign-up/email',
    {
      schema: {
        tags,
        summary: 'Create an account; mails a verification code',
        body: signUpBodySchema,
        response: { 200: authResultSchema },
      },
    },
    async (request) => service.signUp(app, request.body, meta(request)),
  );

  app.post(
    '/v1/auth/sign-in/email',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password',
        body: signInBodySchema,
        response: { 200: authResultSchema },
      },
    },
    async (request) => service.signIn(app, request.body, meta(request)),
  );

  app.post('/v1/auth/sign-out', { schema: { tags, security: bearer, response: { 200: empty } } }, async (request) => {
    await requireSession(request);
    await service.signOut(app, meta(request));
    return {};
  });

  app.post(
    '/v1/auth/verify-email',
    {
      schema: {
        tags,
        security: bearer,
        summary: "Prove the signed-in user's email",
        body: verifyEmailBodySchema,
        response: { 200: z.object({ user: userSchema }) },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      return { user: await service.verifyEmail(app, who, request.body.code, meta(request)) };
    },
  );

  app.post(
    '/v1/auth/verify-email/resend',
    { schema: { tags, security: bearer, response: { 200: empty } } },
    async (request) => {
      await service.resendVerification(app, await requireSession(request), meta(request));
      return {};
    },
  );

  app.post(
    '/v1/auth/password-reset/request',
    {
      schema: {
        tags,
        summary: 'Mail a reset code (answers the same whether or not the account exists)',
        body: passwordResetRequestBodySchema,
        response: { 200: empty },
      },
    },
    async (request) => {
      await service.requestPasswordReset(app, request.body.email, meta(request));
      return {};
    },
  );

  app.post(
    '/v1/auth/password-reset/confirm',
    {
      schema: {
        tags,
        summary: 'Set a new password with the mailed code; ends every session',
        body: passwordResetConfirmBodySchema,
        response: { 200: empty },
      },
    },
    async (request) => {
      await service.confirmPasswordReset(app, request.body, meta(request));
      return {};
    },
  );

  app.get(
    '/v1/me',
    {
      schema: {
        tags,
        security: bearer,
        response: { 200: z.object({ user: userSchema, memberships: z.array(myMembershipSchema) }) },
      },
    },
    async (request) => service.getMe(app, await requireSession(request)),
  );

  app.patch(
    '/v1/me',
    {
      schema: {
        tags,
        security: bearer,
        body: updateProfileBodySchema,
        response: { 200: z.object({ user: userSchema }) },
      },
    },
    async (request) => ({ user: await service.updateProfile(app, await requireSession(request), request.body.name) }),
  );

  app.post(
    '/v1/me/password',
    {
      schema: {
        tags,
        security: bearer,
        summary: 'Change the password; ends every other session and returns a fresh token',
        body: z.object({ currentPassword: z.string().min(1).max(128), newPassword: passwordSchema }),
        response: { 200: authResultSchema },
      },
    },
    async (request) => {
      await requireSession(request);
      return service.changePassword(app, request.body, meta(request));
    },
  );

  app.get(
    '/v1/me/sessions',
    { schema: { tags, security: bearer, response: { 200: z.object({ sessions: z.array(sessionInfoSchema) }) } } },
    async (request) => ({ sessions: await service.listSessions(app, await requireSession(request), meta(request)) }),
  );

  app.delete(
    '/v1/me/sessions/:id',
    { schema: { tags, security: bearer, params: z.object({ id: z.uuid() }), response: { 200: empty } } },
    async (request) => {
      await requireSession(request);
      await service.revokeSession(app, request.params.id, meta(request));
      return {};
    },
  );
};
