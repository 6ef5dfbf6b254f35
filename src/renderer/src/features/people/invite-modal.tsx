import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { OrgSummary } from '@shared/ipc';
import { assignableRoles } from '@shared/permissions';
import type { Role } from '@shared/schemas/org';
import { createInvitationBodySchema } from '@shared/schemas/people';
import { ErrorAlert } from '@renderer/components/error-alert';
import { FreshModal } from '@renderer/components/fresh-modal';
import { mutate } from '@renderer/lib/api';
import { useSubmit } from '@renderer/lib/use-submit';
import { grantedRoles, membershipOf } from '@renderer/lib/membership';
import { fieldErrors } from '@renderer/lib/use-zod-form';
import type { FieldErrors } from '@renderer/lib/use-zod-form';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';

/** `initiallyOpened`: the page was asked to open the invitation form (the Overview's quick action). */
export function InviteButton({
  summary,
  roles,
  initiallyOpened = false,
}: {
  summary: OrgSummary;
  roles: Role[];
  initiallyOpened?: boolean;
}) {
  const [opened, modal] = useDisclosure(initiallyOpened);
  return (
    <>
      <Button leftSection={<IconUserPlus size={16} />} onClick={modal.open}>
        Invite people
      </Button>
      <FreshModal opened={opened} onClose={modal.close} title={`Invite to ${summary.org.name}`}>
        <InviteForm summary={summary} roles={roles} onClose={modal.close} />
      </FreshModal>
    </>
  );
}

/** Email, name and — only for those who may assign roles — the role; others invite with the default role. */
function InviteForm({ summary, roles, onClose }: { summary: OrgSummary; roles: Role[]; onClose(): void }) {
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const assignable = assignableRoles(membershipOf(summary), grantedRoles(roles));
  const defaultRole = roles.find((r) => r.id === summary.org.defaultRoleId);
  const initialRole = assignable.find((r) => r.id === defaultRole?.id)?.id ?? assignable.at(-1)?.id ?? null;
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roleId, setRoleId] = useState<string | null>(initialRole);
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, refusal, run } = useSubmit();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = createInvitationBodySchema.safeParse({
      email: email.trim(),
      ...(name.trim() ? { name } : {}),
      ...(assignable.length > 0 && roleId ? { roleId } : {}),
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    await run(async () => {
      const invitation = await mutate(summary.org.id, 'invitation.create', parsed.data);
      notifications.show({
        color: 'teal',
        title: 'Invitation sent',
        message: `An email with the link went to ${invitation.email}.`,
      });
      onClose();
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        {!online ? (
          <Text size="sm" c="dimmed">
            Inviting needs the server: try again once you are online.
          </Text>
        ) : null}
        <ErrorAlert message={refusal} title="Could not invite" />
        <TextInput
          label="Email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.email}
          data-autofocus
        />
        <TextInput
          label="Name"
          description="Optional: how they appear until they accept"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
        />
        {assignable.length > 0 ? (
          <Select
            label="Role"
            data={assignable.map((r) => ({ value: r.id, label: r.name }))}
            value={roleId}
            onChange={setRoleId}
            allowDeselect={false}
            error={errors.roleId}
          />
        ) : (
          <Text size="sm" c="dimmed">
            They join as {defaultRole?.name ?? 'the organization’s default role'}, the role set for invitations.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} disabled={!online}>
            Send invitation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
