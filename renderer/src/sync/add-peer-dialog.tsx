import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AddPeerResponse } from '../../../core/contract/sync.js';
import { useApi } from '../api/api-context.js';
import { fieldErrorsOf } from '../api/api-error.js';
import { Dialog } from '../ui/dialog.js';
import { focusFirstInvalid } from '../ui/focus-first-invalid.js';
import { FormField } from '../ui/form-field.js';
import { useAction } from '../ui/use-action.js';
import { NearbyDevices } from './nearby-devices.js';

const FIELDS = ['address', 'username', 'password'] as const;
type PeerField = (typeof FIELDS)[number];
type FieldErrors = Partial<Record<PeerField, string>>;

/** Props of the add-a-device dialog. */
export interface AddPeerDialogProps {
  /** The facility both devices sync. */
  readonly facilityId: string;
  readonly onAdded: (answer: AddPeerResponse) => void;
  readonly onClose: () => void;
}

/**
 * Pairs this device with another Outpost device: its address and an admin's credentials there,
 * which the server proves to the peer to obtain a certificate. The password is never stored.
 */
export function AddPeerDialog({ facilityId, onAdded, onClose }: AddPeerDialogProps) {
  const { t } = useTranslation();
  const api = useApi();
  const formRef = useRef<HTMLFormElement>(null);
  const [address, setAddress] = useState('http://');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const { busy, error: formError, run, setError: setFormError } = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (address.trim() === '' || address.trim() === 'http://') found.address = t('sync.errors.address');
    if (username.trim() === '') found.username = t('sync.errors.username');
    if (password === '') found.password = t('sync.errors.password');
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) {
      if (formRef.current) focusFirstInvalid(formRef.current);
      return;
    }
    void run(async () => onAdded(await api.sync.addPeer({ address: address.trim(), username: username.trim(), password, facilityId })), {
      describe: (caught, message) => {
        setPassword('');
        const fromServer: FieldErrors = fieldErrorsOf(caught, FIELDS);
        setErrors(fromServer);
        return Object.keys(fromServer).length === 0 ? message : null;
      },
    });
  }

  return (
    <Dialog title={t('sync.addTitle')} onClose={onClose} busy={busy}>
      <form ref={formRef} onSubmit={submit} noValidate>
        <NearbyDevices disabled={busy} onPick={(device) => setAddress(device.address)} />
        <FormField label={t('sync.address')} hint={t('sync.addressHint')} error={errors.address}>
          {(control) => (
            <input {...control} type="url" autoFocus autoComplete="off" spellCheck={false} value={address} onChange={(event) => setAddress(event.target.value)} required />
          )}
        </FormField>
        <FormField label={t('sync.username')} error={errors.username}>
          {(control) => (
            <input {...control} autoComplete="off" autoCapitalize="none" spellCheck={false} value={username} onChange={(event) => setUsername(event.target.value)} required />
          )}
        </FormField>
        <FormField label={t('sync.password')} error={errors.password}>
          {(control) => <input {...control} type="password" autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} required />}
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
            {busy ? t('sync.adding') : t('sync.add')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
