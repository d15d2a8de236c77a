import { useTranslation } from 'react-i18next';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';

/**
 * Tells the facility's admin about users held by a username clash (docs/facility.md, "Usernames"):
 * they cannot sign in on this device by that name until one of the two users is renamed. Shows
 * nothing when there is none, or when the list cannot be loaded (the page itself still works).
 * `version` changes after each change on the page, so a rename clears the notice.
 */
export function UsernameClashNotice({ facilityId, version }: { readonly facilityId: string; readonly version: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const clashes = useApiQuery((signal) => api.users.usernameClashes(facilityId, signal), [facilityId, version]);
  if (clashes.status !== 'success' || clashes.data.clashes.length === 0) return null;
  return (
    <div className="notice" role="status" data-testid="username-clashes">
      <p>{t('users.clashes.intro', { count: clashes.data.clashes.length })}</p>
      <ul>
        {clashes.data.clashes.map((clash) => (
          <li key={clash.user.id}>
            {t('users.clashes.item', {
              name: clash.user.fullName || clash.user.username,
              username: clash.user.username,
              other: clash.clashesWith ? clash.clashesWith.fullName || clash.clashesWith.username : '?',
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}
