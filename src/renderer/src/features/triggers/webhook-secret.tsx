import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconEyeOff } from '@tabler/icons-react';
import type { Trigger } from '@shared/schemas/automation';
import { useAppStore } from '@renderer/store';

/** `POST <server>/v1/hooks/<id>`: where a webhook trigger is called. */
export function useWebhookUrl(trigger: Pick<Trigger, 'id'>): string {
  const serverUrl = useAppStore((s) => (s.session && 'serverUrl' in s.session ? s.session.serverUrl : null)) ?? '';
  return `${serverUrl.replace(/\/+$/, '')}/v1/hooks/${trigger.id}`;
}

function CopyValue({ value, label }: { value: string; label: string }) {
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} aria-label={label}>
        {value}
      </Code>
      <CopyButton value={value} timeout={2000}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy the ${label.toLowerCase()}`}>
            <ActionIcon
              variant="light"
              color={copied ? 'teal' : 'gray'}
              onClick={copy}
              aria-label={copied ? `${label} copied` : `Copy the ${label.toLowerCase()}`}
            >
              {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

/** Where to call a webhook trigger and how to sign the call. */
export function WebhookUrl({ trigger }: { trigger: Pick<Trigger, 'id'> }) {
  const url = useWebhookUrl(trigger);
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        Webhook URL
      </Text>
      <CopyValue value={`POST ${url}`} label="Webhook URL" />
      <Text size="xs" c="dimmed">
        Send <Code>x-botdesk-timestamp</Code> (unix seconds) and <Code>x-botdesk-signature</Code>: <Code>sha256=</Code>{' '}
        and the hex HMAC-SHA256 of <Code>timestamp.body</Code> under the secret.
      </Text>
    </Stack>
  );
}

/** The webhook secret, shown this once after creating or rotating, with a copy button. */
export function WebhookSecret({ trigger, secret }: { trigger: Pick<Trigger, 'id'>; secret: string }) {
  return (
    <Stack gap="sm">
      <WebhookUrl trigger={trigger} />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Secret
        </Text>
        <CopyValue value={secret} label="Webhook secret" />
      </Stack>
      <Alert color="yellow" variant="light" icon={<IconEyeOff size={18} />} title="You will not see this again">
        Copy the secret now and keep it where the caller can use it. Botdesk stores only what it needs to verify
        signatures; if the secret is lost, rotate it to get a new one.
      </Alert>
    </Stack>
  );
}
