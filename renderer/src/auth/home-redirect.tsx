import { Navigate } from 'react-router';
import { homePath } from './home-path.js';
import { useSession } from './session-context.js';

/** `/` sends each person to the page of their main job. */
export function HomeRedirect() {
  const session = useSession();
  if (session.status !== 'signed-in') return null;
  return <Navigate to={homePath(session.user)} replace />;
}
