import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { RouterProvider } from 'react-router';
import { router } from './router';
import { useAppStore } from './store';
import { refreshAll, subscribeToCore } from './store/subscriptions';
import { theme } from './theme';

export function App() {
  const themeSetting = useAppStore((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    const off = subscribeToCore();
    void refreshAll();
    return off;
  }, []);

  return (
    <MantineProvider
      theme={theme}
      defaultColorScheme="auto"
      forceColorScheme={themeSetting === 'system' ? undefined : themeSetting}
    >
      <Notifications position="bottom-right" containerWidth={380} />
      <RouterProvider router={router} />
    </MantineProvider>
  );
}
