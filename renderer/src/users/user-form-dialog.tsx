import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateUserRequest, UserDto, UserRole } from '../../../core/contract/users.js';
import { useApi } from '../api/api-context.js';
import { useSession } from '../auth/session-context.js';
import { ApiError, fieldErrorsOf } from '../api/api-error.js';
import { Dialog } from '../ui/dialog.js';
import { fieldErrorTexts } from '../ui/field-error-text.js';
import { focusFirstInvalid } from '../ui/focus-first-invalid.js';
import { FormField } from '../ui/form-field.js';
import { useAction } from '../ui/use-action.js';

const FIELDS = ['fullName', 'username', 'password', 'currentPassword', 'role'] as const;
type UserField = (typeof FIELDS)[number];
type FieldErrors = Partial<Record<UserField, string>>;
const ROLES: readonly UserRole[] = ['learner', 'coach', 'admin'];

/** Props of the create / edit user dialog. */
export interface UserFormDialogProps {
  readonly facilityId: string;
  /** The user to edit; absent to create one. */
  readonly user?: UserDto;
  readonly onSaved: (user: UserDto) => void;
  readonly onClose: () => void;
}

/** Creates or edits a user. Errors the API reports per field appear under that field. */
export function UserFormDialog({ facilityId, user, onSaved, onClose }: UserFormDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const formRef = useRef<HTMLFormElement>(null);
  const [fullName, setFullName] = useState(user?.fullName ?? '');
  const [username, setUsername] = useState(user?.username ?? '');
  const [password, setPassword] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const session = useSession();
  // The server asks for the current password when people change their own (a left-open browser must not be enough).
  const editingSelf = user !== undefined && session.status === 'signed-in' && session.user.id === user.id;
  const askCurrentPassword = editingSelf && password !== '';
  const [role, setRole] = useState<UserRole>(user?.kind ?? 'learner');
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, error: formError, run, setError: setFormError } = useAction();

  function validate(): FieldErrors {
    const found: FieldErrors = {};
    if (fullName.trim() === '') found.fullName = t('users.errors.fullName');
    if (username.trim() === '') found.username = t('users.errors.username');
    if (!user && password === '') found.password = t('users.errors.password');
    if (askCurrentPassword && currentPassword === '') found.currentPassword = t('users.errors.currentPassword');
    return found;
  }

  async function save() {
    let saved: UserDto;
    if (user) {
      const changes: { -readonly [K in keyof UpdateUserRequest]: UpdateUserRequest[K] } = {};
      if (fullName.trim() !== user.fullName) changes.fullName = fullName.trim();
      if (username.trim() !== user.username) changes.username = username.trim();
      if (password !== '') changes.password = password;
      if (askCurrentPassword) changes.currentPassword = currentPassword;
      if (role !== user.kind) changes.role = role;
      saved = Object.keys(changes).length > 0 ? await api.users.update(user.id, changes) : user;
    } else {
      saved = await api.users.create(facilityId, { fullName: fullName.trim(), username: username.trim(), password, role });
    }
    onSaved(saved);
  }

  /** The server's refusal under the fields it names; anything else above the buttons. */
  function describeRefusal(caught: unknown, message: string): string | null {
    const fromServer: FieldErrors = fieldErrorTexts(t, fieldErrorsOf(caught, FIELDS));
    if (caught instanceof ApiError) {
      // A taken username is a conflict about one field: show it where the fix is made.
      if (caught.code === 'CONFLICT' && Object.keys(fromServer).length === 0 && /username/i.test(caught.message)) {
        fromServer.username = caught.message;
      }
    }
    setErrors(fromServer);
    if (Object.keys(fromServer).length === 0) return message;
    if (formRef.current) focusFirstInvalid(formRef.current);
    return null;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found = validate();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) {
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    void run(save, { describe: describeRefusal });
  }

  const passwordHint = !user
    ? undefined
    : password === ''
      ? t('users.form.passwordKeep')
      : editingSelf
        ? t('users.form.ownPasswordHint')
        : t('users.form.otherPasswordHint');

  return (
    <Dialog title={user ? t('users.form.editTitle', { name: user.fullName || user.username }) : t('users.form.createTitle')} onClose={onClose} busy={busy}>
      <form ref={formRef} onSubmit={submit} noValidate>
        <FormField label={t('users.fields.fullName')} error={errors.fullName}>
          {(control) => <input {...control} autoFocus autoComplete="off" value={fullName} onChange={(event) => setFullName(event.target.value)} required />}
        </FormField>
        <FormField label={t('users.fields.username')} hint={t('users.form.usernameHint')} error={errors.username}>
          {(control) => (
            <input
              {...control}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              required
            />
          )}
        </FormField>
        <FormField label={t('users.fields.password')} hint={passwordHint} error={errors.password}>
          {(control) => (
            <input {...control} type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} required={!user} />
          )}
        </FormField>
        {askCurrentPassword && (
          <FormField label={t('users.fields.currentPassword')} error={errors.currentPassword}>
            {(control) => (
              <input
                {...control}
                type="password"
                autoComplete="current-password"
                value={currentPassword}
                onChange={(event) => setCurrentPassword(event.target.value)}
                required
              />
            )}
          </FormField>
        )}
        <FormField label={t('users.fields.role')} error={errors.role}>
          {(control) => (
            <select {...control} value={role} onChange={(event) => setRole(event.target.value as UserRole)}>
              {ROLES.map((each) => (
                <option key={each} value={each}>
                  {t(`roles.${each}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? t('common.saving') : user ? t('common.save') : t('users.form.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
