import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { useApi } from '../api/api-context.js';
import { ApiError, fieldErrorsOf } from '../api/api-error.js';
import { useSignInSession } from '../auth/session-context.js';
import { LanguagePicker } from '../i18n/language-picker.js';
import { fieldErrorTexts } from '../ui/field-error-text.js';
import { focusFirstInvalid } from '../ui/focus-first-invalid.js';
import { FormField } from '../ui/form-field.js';
import { useAction } from '../ui/use-action.js';
import { useDeviceStatus } from './device-status-context.js';
import { ImportFacilityForm } from './import-facility-form.js';
import { RestoreBackupForm } from './restore-backup-form.js';

/** The fields of the setup form, keyed as the API reports them in `details`. */
const FIELDS = ['facilityName', 'superuser.fullName', 'superuser.username', 'superuser.password', 'confirmPassword'] as const;
type SetupField = (typeof FIELDS)[number];
type FieldErrors = Partial<Record<SetupField, string>>;

/**
 * First run: name the facility and create the device's superuser, then sign in as them — or import
 * a facility from another device on the network (`ImportFacilityForm`), or restore a backup file
 * (`RestoreBackupForm`).
 */
export function SetupPage() {
  const { t } = useTranslation();
  const api = useApi();
  const controller = useSignInSession();
  const device = useDeviceStatus();
  const [values, setValues] = useState<Record<SetupField, string>>({
    facilityName: '',
    'superuser.fullName': '',
    'superuser.username': '',
    'superuser.password': '',
    confirmPassword: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, error: formError, run, setError: setFormError } = useAction();
  const [mode, setMode] = useState<'new' | 'import' | 'restore'>('new');

  if (device.provisioned) return <Navigate to="/" replace />;

  const set = (field: SetupField) => (event: { target: { value: string } }) => setValues((previous) => ({ ...previous, [field]: event.target.value }));

  function validate(): FieldErrors {
    const found: FieldErrors = {};
    if (values.facilityName.trim() === '') found.facilityName = t('setup.errors.facilityName');
    if (values['superuser.fullName'].trim() === '') found['superuser.fullName'] = t('setup.errors.fullName');
    if (values['superuser.username'].trim() === '') found['superuser.username'] = t('setup.errors.username');
    if (values['superuser.password'].length < 8) found['superuser.password'] = t('setup.errors.passwordLength');
    if (values.confirmPassword !== values['superuser.password']) found.confirmPassword = t('setup.errors.passwordMatch');
    return found;
  }

  async function provision() {
    const username = values['superuser.username'].trim();
    try {
      await api.setup.provision({
        facilityName: values.facilityName.trim(),
        superuser: { username, password: values['superuser.password'], fullName: values['superuser.fullName'].trim() },
      });
    } catch (caught) {
      // Someone else finished setup first; the device is ready, so go and sign in.
      if (caught instanceof ApiError && caught.code === 'CONFLICT') return device.markProvisioned();
      throw caught;
    }
    try {
      const answer = await api.auth.signIn({ username, password: values['superuser.password'] });
      controller.signedIn(answer.user);
    } catch {
      // The device is set up either way; the sign-in page explains anything that remains.
    }
    device.markProvisioned();
  }

  /** The server's refusal under the fields it names; anything else above the button. */
  function describeRefusal(caught: unknown, message: string): string | null {
    if (caught instanceof ApiError && caught.details.length > 0) {
      const fromServer: FieldErrors = fieldErrorTexts(t, fieldErrorsOf(caught, FIELDS));
      setErrors(fromServer);
      if (Object.keys(fromServer).length > 0) {
        focusFirstInvalid();
        return null;
      }
    }
    return message;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found = validate();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) {
      focusFirstInvalid();
      return;
    }
    void run(provision, { describe: describeRefusal });
  }

  return (
    <div className="auth-screen">
      <main className="auth-card auth-card-wide" id="main">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>Outpost</span>
        </div>
        <h1>{t('setup.title')}</h1>
        <fieldset className="choice-group">
          <legend>{t('setup.how')}</legend>
          <label className="choice">
            <input type="radio" name="setup-mode" checked={mode === 'new'} onChange={() => setMode('new')} />
            <span>
              <strong>{t('setup.newLabel')}</strong>
              <span className="choice-hint">{t('setup.intro')}</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="setup-mode" checked={mode === 'import'} onChange={() => setMode('import')} />
            <span>
              <strong>{t('setup.import.label')}</strong>
              <span className="choice-hint">{t('setup.import.hint')}</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name="setup-mode" checked={mode === 'restore'} onChange={() => setMode('restore')} />
            <span>
              <strong>{t('setup.restore.label')}</strong>
              <span className="choice-hint">{t('setup.restore.hint')}</span>
            </span>
          </label>
        </fieldset>
        {mode === 'import' ? (
          <ImportFacilityForm />
        ) : mode === 'restore' ? (
          <RestoreBackupForm />
        ) : (
          <form onSubmit={submit} noValidate>
            <fieldset>
              <legend>{t('setup.facilitySection')}</legend>
              <FormField label={t('setup.facilityName')} hint={t('setup.facilityNameHint')} error={errors.facilityName}>
                {(control) => <input {...control} value={values.facilityName} onChange={set('facilityName')} required />}
              </FormField>
            </fieldset>
            <fieldset>
              <legend>{t('setup.superuserSection')}</legend>
              <p className="muted small">{t('setup.superuserIntro')}</p>
              <FormField label={t('users.fields.fullName')} error={errors['superuser.fullName']}>
                {(control) => <input {...control} autoComplete="name" value={values['superuser.fullName']} onChange={set('superuser.fullName')} required />}
              </FormField>
              <FormField label={t('users.fields.username')} error={errors['superuser.username']}>
                {(control) => (
                  <input
                    {...control}
                    autoComplete="username"
                    autoCapitalize="none"
                    spellCheck={false}
                    value={values['superuser.username']}
                    onChange={set('superuser.username')}
                    required
                  />
                )}
              </FormField>
              <FormField label={t('users.fields.password')} hint={t('setup.passwordHint')} error={errors['superuser.password']}>
                {(control) => (
                  <input {...control} type="password" autoComplete="new-password" value={values['superuser.password']} onChange={set('superuser.password')} required />
                )}
              </FormField>
              <FormField label={t('setup.confirmPassword')} error={errors.confirmPassword}>
                {(control) => (
                  <input {...control} type="password" autoComplete="new-password" value={values.confirmPassword} onChange={set('confirmPassword')} required />
                )}
              </FormField>
            </fieldset>
            {formError && (
              <p className="form-error" role="alert">
                {formError}
              </p>
            )}
            <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
              {busy ? t('setup.working') : t('setup.submit')}
            </button>
          </form>
        )}
        <div className="auth-footer">
          <LanguagePicker />
        </div>
      </main>
    </div>
  );
}

