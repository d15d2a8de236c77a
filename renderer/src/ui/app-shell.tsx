import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import type { UserDto } from '../../../core/contract/users.js';
import { SignOutButton } from '../auth/sign-out-button.js';
import { LanguagePicker } from '../i18n/language-picker.js';
import { MySyncStatus } from '../sync/my-sync-status.js';

/** One link of the main navigation. */
interface NavItem {
  readonly to: string;
  readonly label: string;
}

/** The frame of every signed-in page: skip link, header with navigation and account, main content. */
export function AppShell({ user, children }: { readonly user: UserDto; readonly children: ReactNode }) {
  const { t } = useTranslation();
  const facility = `/facilities/${encodeURIComponent(user.facilityId)}`;
  const items: NavItem[] = [];
  if (user.isSuperuser) items.push({ to: '/facilities', label: t('nav.facilities') });
  else if (user.kind === 'admin') {
    items.push({ to: `${facility}/users`, label: t('nav.users') }, { to: `${facility}/classes`, label: t('nav.classes') });
  } else if (user.kind === 'coach') items.push({ to: `${facility}/classes`, label: t('nav.classes') });
  else items.push({ to: '/home', label: t('nav.home') });
  if (user.isSuperuser || user.kind === 'admin') items.push({ to: '/connect', label: t('nav.connect') });
  items.push({ to: '/devices', label: t('nav.devices') });
  const roleLabel = user.isSuperuser ? t('roles.superuser') : t(`roles.${user.kind}`);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="shell-header">
        <div className="shell-brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>Outpost</span>
        </div>
        <nav aria-label={t('nav.label')} className="shell-nav">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to}>{item.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {!user.isSuperuser && user.kind === 'learner' && <MySyncStatus />}
        <div className="shell-account">
          <span className="shell-user" data-testid="signed-in-user">
            <span className="shell-user-name">{user.fullName || user.username}</span>
            <span className="shell-user-role">{roleLabel}</span>
          </span>
          <LanguagePicker />
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
