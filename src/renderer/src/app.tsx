import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { RouterProvider } from 'react-router';
import { router } from './router';
import { refreshAll, subscribeToCore } from './store/subscriptions';
import { theme } from './theme';

export function App() {
  useEffect(() => {
    const off = subscribeToCore();
    void refreshAll();
    return off;
  }, []);

  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <RouterProvider router={router} />
    </MantineProvider>
  );
}
