import { Button, Checkbox, Group, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { OrgSummary } from '@shared/ipc';
import { mayDefineRole } from '@shared/permissions';
import type { Permission } from '@shared/permissions';
import type { Role } from '@shared/schemas/org';
import { createRoleBodySchema } from '@shared/schemas/people';
import { ErrorAlert } from '@renderer/components/error-alert';
import { FreshModal } from '@renderer/components/fresh-modal';
import { invoke, mutate } from '@renderer/lib/api';
import { useSubmit } from '@renderer/lib/use-submit';
import { membershipOf } from '@renderer/lib/membership';
import { useAsync } from '@renderer/lib/use-async';
import { fieldErrors } from '@renderer/lib/use-zod-form';
import type { FieldErrors } from '@renderer/lib/use-zod-form';

/** Create (online) or edit (optimistic) a custom role: rank below yours, permissions you hold. */
export function RoleModal({
  summary,
  role,
  onClose,
}: {
  summary: OrgSummary;
  role: Role | 'new' | null;
  onClose(): void;
}) {
  const title = role === 'new' ? 'Create a custom role' : `Edit ${role?.name ?? 'role'}`;
  return (
    <FreshModal opened={role !== null} onClose={onClose} title={title} size="xl">
      {role !== null ? <RoleForm summary={summary} role={role === 'new' ? null : role} onClose={onClose} /> : null}
    </FreshModal>
  );
}

function RoleForm({ summary, role, onClose }: { summary: OrgSummary; role: Role | null; onClose(): void }) {
  const actor = membershipOf(summary);
  const maxRank = actor.role.rank - 1;
  const catalogue = useAsync(() => invoke('permissions.catalogue', {}), 'catalogue');
  const [name, setName] = useState(role?.name ?? '');
  const [rank, setRank] = useState<number>(role?.rank ?? Math.min(30, maxRank));
  const [chosen, setChosen] = useState<Set<Permission>>(() => new Set(role?.permissions ?? ['org.read']));
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, refusal, run } = useSubmit();
  const held = new Set(actor.role.permissions);

  /** Replaces one group's choices, keeping the other groups' and never adding what you do not hold. */
  const setGroup = (groupKeys: readonly Permission[], values: string[]) =>
    setChosen((s) => {
      const next = new Set([...s].filter((p) => !groupKeys.includes(p)));
      for (const v of values)
        if (groupKeys.includes(v as Permission) && held.has(v as Permission)) next.add(v as Permission);
      return next;
    });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = createRoleBodySchema.safeParse({ name, rank, permissions: [...chosen] });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    if (!mayDefineRole(actor, parsed.data)) {
      setErrors({ rank: `Choose a rank below yours (${actor.role.rank}) and only permissions you hold` });
      return;
    }
    setErrors({});
    await run(async () => {
      if (role) await mutate(summary.org.id, 'role.update', { roleId: role.id, patch: parsed.data });
      else await mutate(summary.org.id, 'role.create', parsed.data);
      notifications.show({ color: 'teal', title: role ? 'Role saved' : 'Role created', message: parsed.data.name });
      onClose();
    });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="sm">
        <ErrorAlert message={refusal} title="Could not save the role" />
        <SimpleGrid cols={2}>
          <TextInput
            label="Name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            data-autofocus
          />
          <NumberInput
            label="Rank"
            description={`1 to ${maxRank}, below your own`}
            min={1}
            max={maxRank}
            value={rank}
            onChange={(v) => setRank(typeof v === 'number' ? v : Number(v) || 1)}
            error={errors.rank}
            allowDecimal={false}
          />
        </SimpleGrid>
        <Text size="sm" fw={500}>
          Permissions
        </Text>
        {catalogue.status === 'error' ? (
          <ErrorAlert message={catalogue.error} title="Could not read the permissions" />
        ) : null}
        {catalogue.data?.groups.map((g) => (
          <Checkbox.Group
            key={g.key}
            label={g.name}
            value={[...chosen].filter((p) => g.permissions.some((x) => x.key === p))}
            onChange={(values) =>
              setGroup(
                g.permissions.map((x) => x.key),
                values,
              )
            }
          >
            <SimpleGrid cols={2} spacing="sm" verticalSpacing={8} mt={6}>
              {g.permissions.map((p) => (
                <Checkbox
                  key={p.key}
                  value={p.key}
                  label={p.key}
                  description={held.has(p.key) ? p.description : `${p.description} (your role does not hold it)`}
                  disabled={!held.has(p.key)}
                />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
        ))}
        {errors.permissions ? (
          <Text size="sm" c="red">
            {errors.permissions}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy}>
            {role ? 'Save role' : 'Create role'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
