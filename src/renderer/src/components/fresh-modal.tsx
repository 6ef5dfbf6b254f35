import { Modal } from '@mantine/core';
import { Fragment, useState } from 'react';
import type { ReactNode } from 'react';

/**
 * A centered modal whose content starts fresh on every opening: the content is re-keyed once the
 * close transition ends, so it neither blanks while fading out nor keeps the last entry.
 */
export function FreshModal({
  opened,
  onClose,
  title,
  children,
  size,
}: {
  opened: boolean;
  onClose(): void;
  title: ReactNode;
  children: ReactNode;
  size?: string;
}) {
  const [generation, setGeneration] = useState(0);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      centered
      {...(size ? { size } : {})}
      onExitTransitionEnd={() => setGeneration((g) => g + 1)}
    >
      <Fragment key={generation}>{children}</Fragment>
    </Modal>
  );
}
