import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idSchema } from '@shared/schemas/common';
import { orgSchema } from '@shared/schemas/org';
import {
  alertEventSchema,
  alertRulePatchSchema,
  alertRuleSchema,
  createAlertRuleBodySchema,
  creditAccountSchema,
  planChangeBodySchema,
  topUpBodySchema,
  usageReportSchema,
} from '@shared/schemas/usage';
import { withTx } from '../../db/tx';
import { authenticateApiKey, withApiKeyTx } from '../api-keys/api-key-auth';
import { requireSession } from '../auth/auth.guard';
import { requireMember } from '../orgs/membership';
import {
  alertEventsQuerySchema,
  createAlertRule,
  deleteAlertRule,
  listAlertEvents,
  listAlertRules,
  updateAlertRule,
} from './alert-rules.service';
import { startAlertMailSender } from './alert-mail-sender';
import { changePlan, topUpCredits } from './credits.service';
import { usageReport } from './usage-report';

const bearer = [{ bearer: [] }];
const tags = ['usage'];
const orgParams = z.object({ orgId: idSchema });
const ruleParams = z.object({ orgId: idSchema, ruleId: idSchema });

/** Usage, credits, plan and alert rules (DESIGN.md "Credits & usage", "Alert rule"); starts the alert mail sender. */
export const creditsRoutes: FastifyPluginAsyncZod = async (app) => {
  await startAlertMailSender(app);

  app.get(
    '/v1/orgs/:orgId/usage',
    {
      schema: {
        tags,
        security: bearer,
        summary: "This period's balance, consumption per day and per bot, and the plan's limits with their use",
        params: orgParams,
        response: { 200: usageReportSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, async (c) => {
        await requireMember(c, orgId, 'usage.read');
        return usageReport(c, orgId, app.now());
      });
    },
  );

  app.get(
    '/v1/usage',
    {
      schema: {
        tags,
        security: bearer,
        summary: "The API key's organization usage (an API key with usage.read)",
        response: { 200: usageReportSchema },
      },
    },
    async (request) => {
      const principal = await authenticateApiKey(app, request, 'usage.read');
      return withApiKeyTx(app, principal, (c) => usageReport(c, principal.orgId, app.now()));
    },
  );

  app.post(
    '/v1/orgs/:orgId/credits/top-ups',
    {
      schema: {
        tags,
        security: bearer,
        summary: 'Add credits to the ledger (billing.manage)',
        params: orgParams,
        body: topUpBodySchema,
        response: { 200: creditAccountSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) =>
        topUpCredits(c, orgId, request.body.credits, app.now()),
      );
    },
  );

  app.patch(
    '/v1/orgs/:orgId/plan',
    {
      schema: {
        tags,
        security: bearer,
        summary: 'Change the plan (billing.manage); refused with what does not fit the new limits',
        params: orgParams,
        body: planChangeBodySchema,
        response: { 200: orgSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) =>
        changePlan(c, orgId, request.body.plan, app.now()),
      );
    },
  );

  app.get(
    '/v1/orgs/:orgId/alert-rules',
    {
      schema: {
        tags,
        security: bearer,
        params: orgParams,
        response: { 200: z.object({ rules: z.array(alertRuleSchema) }) },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      const rules = await withTx(app.database, { userId: who.userId, orgId }, (c) =>
        listAlertRules(c, orgId, app.now()),
      );
      return { rules };
    },
  );

  app.post(
    '/v1/orgs/:orgId/alert-rules',
    {
      schema: {
        tags,
        security: bearer,
        summary: 'Add an alert rule (alerts.manage)',
        params: orgParams,
        body: createAlertRuleBodySchema,
        response: { 200: alertRuleSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) =>
        createAlertRule(c, orgId, request.body, app.now()),
      );
    },
  );

  app.patch(
    '/v1/orgs/:orgId/alert-rules/:ruleId',
    {
      schema: {
        tags,
        security: bearer,
        summary: 'Change an alert rule (alerts.manage)',
        params: ruleParams,
        body: alertRulePatchSchema,
        response: { 200: alertRuleSchema },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, ruleId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) =>
        updateAlertRule(c, orgId, ruleId, request.body, app.now()),
      );
    },
  );

  app.delete(
    '/v1/orgs/:orgId/alert-rules/:ruleId',
    {
      schema: {
        tags,
        security: bearer,
        summary: 'Delete an alert rule (alerts.manage); its events stay',
        params: ruleParams,
        response: { 200: z.object({}) },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId, ruleId } = request.params;
      await withTx(app.database, { userId: who.userId, orgId }, (c) => deleteAlertRule(c, orgId, ruleId));
      return {};
    },
  );

  app.get(
    '/v1/orgs/:orgId/alert-events',
    {
      schema: {
        tags,
        security: bearer,
        summary: 'Alert events, newest first',
        params: orgParams,
        querystring: alertEventsQuerySchema,
        response: { 200: z.object({ events: z.array(alertEventSchema), nextCursor: idSchema.nullable() }) },
      },
    },
    async (request) => {
      const who = await requireSession(request);
      const { orgId } = request.params;
      return withTx(app.database, { userId: who.userId, orgId }, (c) => listAlertEvents(c, orgId, request.query));
    },
  );
};
