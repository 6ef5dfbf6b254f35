import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { errorMessage } from '@renderer/components/error-alert';

/** What an export produces: the CSV text and how many records it holds. */
export type CsvExport = { csv: string; count: number };

/**
 * Exports a CSV the core built and saves it as a download named `<name>-<org slug>-<date>.csv`;
 * says how many records were saved, or why the export failed. `exporting` drives the button.
 */
export function useCsvExport(opts: { name: string; orgSlug: string; what: string; unit: string }) {
  const [exporting, setExporting] = useState(false);
  const exportCsv = async (build: () => Promise<CsvExport>) => {
    setExporting(true);
    try {
      const { csv, count } = await build();
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `${opts.name}-${opts.orgSlug}-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      URL.revokeObjectURL(url);
      notifications.show({
        color: 'teal',
        title: `${opts.what} exported`,
        message: `${count} ${opts.unit}(s) saved as ${link.download}.`,
      });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Export failed', message: errorMessage(error) });
    } finally {
      setExporting(false);
    }
  };
  return { exporting, exportCsv };
}
