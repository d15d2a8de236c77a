import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicFacilityDto } from '../../../core/contract/facilities.js';
import { useApi } from '../api/api-context.js';
import { fieldErrorsOf } from '../api/api-error.js';
import { useSignInSession } from '../auth/session-context.js';
import { focusFirstInvalid } from '../ui/focus-first-invalid.js';
import { FormField } from '../ui/form-field.js';
import { useAction } from '../ui/use-action.js';
import { NearbyDevices } from '../sync/nearby-devices.js';
import { useDeviceStatus } from './device-status-context.js';

const FIELDS = ['address', 'facilityId', 'username', 'password'] as const;
type ImportField = (typeof FIELDS)[number];
type FieldErrors = Partial<Record<ImportField, string>>;

/** The other device, once it answered: its address as the server will use it, and its facilities. */
interface FoundPeer {
  readonly address: string;
  readonly facilities: readonly PublicFacilityDto[];
}

/**
 * First run, second way: set this device up by importing a facility from another Outpost device on
 * the network, as Kolibri's setup wizard does. The other device's address first (this device asks
 * it for its facilities), then the facility and an admin's username and password there. The admin
 * becomes this device's super admin and is signed in.
 */
export function ImportFacilityForm() {
  const { t } = useTranslation();
  const api = useApi();
  const controller = useSignInSession();
  const device = useDeviceStatus();
  const formRef = useRef<HTMLFormElement>(null);
  const [address, setAddress] = useState('http://');
  const [peer, setPeer] = useState<FoundPeer | null>(null);
  const [facilityId, setFacilityId] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const action = useAction();
  const setFormError = action.setError;
  // Which of the form's two calls runs: the button and the hint say which.
  const [step, setStep] = useState<'finding' | 'importing'>('finding');
  const busy = action.busy ? step : null;
  const formError = action.error;

  function showErrors(found: FieldErrors) {
    setErrors(found);
    if (Object.keys(found).length > 0 && formRef.current) focusFirstInvalid(formRef.current);
  }

  /** The server's refusal under the fields it names; anything else above the button. */
  function describeRefusal(caught: unknown, message: string): string | null {
    const found = fieldErrorsOf(caught, FIELDS);
    if (Object.keys(found).length === 0) return message;
    showErrors(found);
    return null;
  }

  function findFacilities(at = address) {
    if (at.trim() === '' || at.trim() === 'http://') return showErrors({ address: t('sync.errors.address') });
    setStep('finding');
    void action.run(async () => {
      const answer = await api.sync.peerFacilities(at.trim());
      if (answer.facilities.length === 0) {
        showErrors({ address: t('setup.import.noFacilities') });
      } else {
        setPeer(answer);
        setAddress(answer.address);
        setFacilityId(answer.facilities[0]!.id);
        setErrors({});
      }
    }, { describe: describeRefusal });
  }

  function importFacility(found: FoundPeer) {
    const missing: FieldErrors = {};
    if (username.trim() === '') missing.username = t('sync.errors.username');
    if (password === '') missing.password = t('sync.errors.password');
    if (Object.keys(missing).length > 0) return showErrors(missing);
    setStep('importing');
    void action.run(async () => {
      try {
        const answer = await api.sync.importFacility({ address: found.address, username: username.trim(), password, facilityId });
        if (answer.imported?.status !== 'completed') {
          // The peer stayed busy; the device is not set up yet, and importing again resumes.
          setFormError(t('setup.import.incomplete'));
          return;
        }
      } catch (caught) {
        setPassword('');
        throw caught;
      }
      try {
        const signedIn = await api.auth.signIn({ username: username.trim(), password, facilityId });
        controller.signedIn(signedIn.user);
      } catch {
        // The device is set up either way; the sign-in page explains anything that remains.
      }
      device.markProvisioned();
    }, { describe: describeRefusal });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    if (peer) importFacility(peer);
    else findFacilities();
  }

  const facilities = peer?.facilities ?? [];
  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-busy={busy !== null}>
      <fieldset>
        <legend>{t('setup.import.deviceSection')}</legend>
        {peer === null && (
          <NearbyDevices
            disabled={busy !== null}
            onPick={(device) => {
              // A click pairs from the discovered entry: its address, then its facilities as typed ones would be.
              setAddress(device.address);
              setFormError(null);
              findFacilities(device.address);
            }}
          />
        )}
        <FormField label={t('sync.address')} hint={t('setup.import.addressHint')} error={errors.address}>
          {(control) => (
            <input
              {...control}
              type="url"
              autoComplete="off"
              spellCheck={false}
              value={address}
              readOnly={peer !== null}
              onChange={(event) => setAddress(event.target.value)}
              required
            />
          )}
        </FormField>
        {peer && (
          <button type="button" className="btn btn-link" onClick={() => setPeer(null)} disabled={busy !== null}>
            {t('setup.import.otherDevice')}
          </button>
        )}
      </fieldset>
      {peer && (
        <fieldset>
          <legend>{t('setup.import.facilitySection')}</legend>
          {facilities.length === 1 ? (
            <p data-testid="import-facility">
              {t('setup.import.onlyFacility', { name: facilities[0]!.name })}
            </p>
          ) : (
            <FormField label={t('setup.import.facility')} error={errors.facilityId}>
              {(control) => (
                <select {...control} value={facilityId} onChange={(event) => setFacilityId(event.target.value)}>
                  {facilities.map((each) => (
                    <option key={each.id} value={each.id}>
                      {each.name}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          )}
          <p className="muted small">{t('setup.import.adminIntro')}</p>
          <FormField label={t('users.fields.username')} error={errors.username}>
            {(control) => (
              <input {...control} autoComplete="off" autoCapitalize="none" spellCheck={false} value={username} onChange={(event) => setUsername(event.target.value)} required />
            )}
          </FormField>
          <FormField label={t('users.fields.password')} error={errors.password}>
            {(control) => <input {...control} type="password" autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} required />}
          </FormField>
        </fieldset>
      )}
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      {busy === 'importing' && (
        <p className="muted small" role="status">
          {t('setup.import.importingHint')}
        </p>
      )}
      <button type="submit" className="btn btn-primary btn-block" disabled={busy !== null}>
        {peer ? (busy === 'importing' ? t('setup.import.importing') : t('setup.import.submit')) : busy === 'finding' ? t('setup.import.finding') : t('setup.import.find')}
      </button>
    </form>
  );
}
