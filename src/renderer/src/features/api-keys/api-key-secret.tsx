import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconEyeOff } from '@tabler/icons-react';
import type { CreatedApiKey } from '@shared/schemas/automation';

/** A new key's secret, shown this once, with a copy button and the warning that it will not be shown again. */
export function ApiKeySecret({ created }: { created: CreatedApiKey }) {
  const { secret, apiKey } = created;
  return (
    <Stack gap="sm">
      <Text size="sm">
        Give this key to the runner or tool as <Code>Authorization: Bearer &lt;key&gt;</Code> (the reference runner
        takes it as <Code>--key</Code>).
      </Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} aria-label="API key secret">
          {secret}
        </Code>
        <CopyButton value={secret} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy the key'}>
              <ActionIcon
                variant="light"
                size="lg"
                color={copied ? 'teal' : 'gray'}
                onClick={copy}
                aria-label={copied ? 'Key copied' : 'Copy the key'}
                data-autofocus
              >
                {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
      <Alert color="yellow" variant="light" icon={<IconEyeOff size={18} />} title="You will not see this again">
        Copy the key now and keep it somewhere safe. Botdesk stores only a hash of it; the list shows just{' '}
        <Code>{apiKey.prefix}</Code>. If the key is lost, revoke it and create a new one.
      </Alert>
    </Stack>
  );
}
