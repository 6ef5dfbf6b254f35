import { createHashRouter } from 'react-router';
import { AccountPage } from './features/account/account-page';
import { ApiKeysPage } from './features/api-keys/api-keys-page';
import { AuditPage } from './features/audit/audit-page';
import { AuthLayout } from './features/auth/auth-layout';
import { BillingPage } from './features/billing/billing-page';
import { BotDetailPage } from './features/bots/bot-detail-page';
import { BotsPage } from './features/bots/bots-page';
import { ResetPasswordPage } from './features/auth/reset-password-page';
import { SignInPage } from './features/auth/sign-in-page';
import { SignUpPage } from './features/auth/sign-up-page';
import { VerifyEmailPage } from './features/auth/verify-email-page';
import { InvitationPage } from './features/invitations/invitation-page';
import { OrgProfilePage } from './features/orgs/org-profile-page';
import { OverviewPage } from './features/overview/overview-page';
import { PeoplePage } from './features/people/people-page';
import { RolesPage } from './features/people/roles-page';
import { RunHistoryPage } from './features/runs/run-history-page';
import { NotFoundPage } from './features/placeholder/not-found-page';
import { AppLayout } from './features/shell/app-layout';
import { TriggersPage } from './features/triggers/triggers-page';
import { UsagePage } from './features/usage/usage-page';
import { RequireWorkspace, RootRedirect } from './features/shell/guards';
import { OrgGate, SectionGate } from './features/shell/org-gate';

/** Hash routing: works from a custom app protocol in Electron and from the bridge's static server. */
export const router = createHashRouter([
  { path: '/', element: <RootRedirect /> },
  {
    element: <AuthLayout />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/sign-up', element: <SignUpPage /> },
      { path: '/verify-email', element: <VerifyEmailPage /> },
      { path: '/reset-password', element: <ResetPasswordPage /> },
    ],
  },
  {
    element: <RequireWorkspace />,
    children: [
      {
        path: '/orgs/:orgId',
        element: <AppLayout />,
        children: [
          {
            element: <OrgGate />,
            children: [
              { index: true, element: <OverviewPage /> },
              {
                path: 'people',
                element: (
                  <SectionGate section="people">
                    <PeoplePage />
                  </SectionGate>
                ),
              },
              {
                path: 'roles',
                element: (
                  <SectionGate section="roles">
                    <RolesPage />
                  </SectionGate>
                ),
              },
              {
                path: 'bots',
                element: (
                  <SectionGate section="bots">
                    <BotsPage />
                  </SectionGate>
                ),
              },
              {
                path: 'bots/:botId',
                element: (
                  <SectionGate section="bots">
                    <BotDetailPage />
                  </SectionGate>
                ),
              },
              {
                path: 'runs',
                element: (
                  <SectionGate section="runs">
                    <RunHistoryPage />
                  </SectionGate>
                ),
              },
              {
                path: 'triggers',
                element: (
                  <SectionGate section="triggers">
                    <TriggersPage />
                  </SectionGate>
                ),
              },
              {
                path: 'api-keys',
                element: (
                  <SectionGate section="api-keys">
                    <ApiKeysPage />
                  </SectionGate>
                ),
              },
              {
                path: 'usage',
                element: (
                  <SectionGate section="usage">
                    <UsagePage />
                  </SectionGate>
                ),
              },
              {
                path: 'audit',
                element: (
                  <SectionGate section="audit">
                    <AuditPage />
                  </SectionGate>
                ),
              },
              {
                path: 'billing',
                element: (
                  <SectionGate section="billing">
                    <BillingPage />
                  </SectionGate>
                ),
              },
              {
                path: 'profile',
                element: (
                  <SectionGate section="profile">
                    <OrgProfilePage />
                  </SectionGate>
                ),
              },
            ],
          },
          { path: 'account', element: <AccountPage /> },
        ],
      },
      { path: '/account', element: <AppLayout />, children: [{ index: true, element: <AccountPage /> }] },
      { path: '/invitation', element: <AppLayout />, children: [{ index: true, element: <InvitationPage /> }] },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
]);
