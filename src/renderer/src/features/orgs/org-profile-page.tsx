import { Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import type { Org } from '@shared/schemas/org';
import { orgPatchSchema } from '@shared/schemas/org';
import { ErrorAlert, errorMessage } from '@renderer/components/error-alert';
import { mutate } from '@renderer/lib/api';
import { canIn } from '@renderer/lib/membership';
import { fieldErrors } from '@renderer/lib/use-zod-form';
import type { FieldErrors } from '@renderer/lib/use-zod-form';
import { useOrg } from '@renderer/features/shell/org-gate';
import { useAppStore } from '@renderer/store';
import { isOnline } from '@renderer/store/sync-slice';
import { DefaultRoleCard } from './default-role-card';
import { DeleteOrgCard } from './delete-org-card';

type ProfileFields = {
  name: string;
  slug: string;
  description: string;
  logoUrl: string;
  billingAddress: string;
  phone: string;
};

const fieldsOf = (org: Org): ProfileFields => ({
  name: org.name,
  slug: org.slug,
  description: org.description,
  logoUrl: org.logoUrl ?? '',
  billingAddress: org.billingAddress,
  phone: org.phone,
});

/** Only the fields that differ from the org as stored; an empty logo URL clears the logo. */
function changedFields(org: Org, form: ProfileFields): Record<string, unknown> {
  const saved = fieldsOf(org);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(form) as (keyof ProfileFields)[]) {
    if (form[key] !== saved[key]) patch[key] = key === 'logoUrl' && form[key].trim() === '' ? null : form[key];
  }
  return patch;
}

export function OrgProfilePage() {
  const summary = useOrg();
  // Keyed by org id and its update time: a sync that changes the org shows the new values.
  return (
    <ProfileForm
      key={`${summary.org.id}:${summary.org.updatedAt}`}
      org={summary.org}
      editable={canIn(summary, 'org.update')}
      canDelete={canIn(summary, 'org.delete')}
    />
  );
}

function ProfileForm({ org, editable, canDelete }: { org: Org; editable: boolean; canDelete: boolean }) {
  const [form, setForm] = useState<ProfileFields>(() => fieldsOf(org));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const online = useAppStore((s) => isOnline(s.sync, s.bridge));
  const patch = changedFields(org, form);
  const dirty = Object.keys(patch).length > 0;

  const set = (key: keyof ProfileFields) => (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const value = event.currentTarget.value;
    setForm((f) => ({ ...f, [key]: value }));
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = orgPatchSchema.safeParse(patch);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setBusy(true);
    setRefusal(null);
    try {
      await mutate(org.id, 'org.update', { patch: parsed.data });
      notifications.show({
        color: 'teal',
        title: 'Profile saved',
        message: online
          ? 'Your changes sync to the server in the background.'
          : 'Saved on this computer; it reaches the server once you are back online.',
      });
    } catch (error) {
      setRefusal(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack maw={760} gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} fz="h2">
            Organization Profile
          </Title>
          <Text c="dimmed">How {org.name} appears to its members, on invoices and in invitations.</Text>
        </div>
        <Group gap="xs">
          {org.isPersonal ? (
            <Badge variant="light" color="gray">
              Personal workspace
            </Badge>
          ) : null}
          <Badge variant="light">{org.plan} plan</Badge>
        </Group>
      </Group>
      {!editable ? (
        <Alert icon={<IconLock size={18} />} color="gray" title="Read only">
          Your role can view this profile but not change it. Owners and admins can edit it.
        </Alert>
      ) : null}
      <Paper withBorder p="lg" component="form" onSubmit={(e: React.FormEvent) => void submit(e)} noValidate>
        <Stack gap="md">
          <ErrorAlert message={refusal ?? errors._form} title="Could not save the profile" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" value={form.name} onChange={set('name')} error={errors.name} readOnly={!editable} />
            <TextInput
              label="Slug"
              description="Lowercase letters, digits and dashes"
              value={form.slug}
              onChange={set('slug')}
              error={errors.slug}
              readOnly={!editable}
            />
          </SimpleGrid>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            maxRows={6}
            value={form.description}
            onChange={set('description')}
            error={errors.description}
            readOnly={!editable}
          />
          <TextInput
            label="Logo URL"
            description="An https:// address of a square image"
            placeholder="https://"
            value={form.logoUrl}
            onChange={set('logoUrl')}
            error={errors.logoUrl}
            readOnly={!editable}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea
              label="Billing address"
              autosize
              minRows={2}
              value={form.billingAddress}
              onChange={set('billingAddress')}
              error={errors.billingAddress}
              readOnly={!editable}
            />
            <TextInput
              label="Phone"
              type="tel"
              value={form.phone}
              onChange={set('phone')}
              error={errors.phone}
              readOnly={!editable}
            />
          </SimpleGrid>
          {editable ? (
            <Group justify="flex-end" gap="sm">
              <Button
                variant="default"
                disabled={!dirty || busy}
                onClick={() => {
                  setForm(fieldsOf(org));
                  setErrors({});
                }}
              >
                Discard
              </Button>
              <Button type="submit" loading={busy} disabled={!dirty}>
                Save changes
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Paper>
      {!org.isPersonal ? <DefaultRoleCard org={org} editable={editable} /> : null}
      {canDelete && !org.isPersonal ? <DeleteOrgCard org={org} /> : null}
    </Stack>
  );
}
