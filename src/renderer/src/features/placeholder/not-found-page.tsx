import { FullPageState } from '@renderer/components/full-page-state';
import { useNavigate } from 'react-router';

export function NotFoundPage() {
  const navigate = useNavigate();
  return (
    <FullPageState title="Page not found" action={{ label: 'Go to my workspace', onClick: () => void navigate('/') }}>
      This address does not lead anywhere in Botdesk.
    </FullPageState>
  );
}
