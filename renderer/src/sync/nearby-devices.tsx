import { useTranslation } from 'react-i18next';
import type { NearbyDeviceDto } from '../../../core/contract/sync.js';
import { useApi } from '../api/api-context.js';
import { useApiQuery } from '../api/use-api-query.js';

/**
 * The Outpost devices found on this network (DNS-SD), each a button that picks its address, so
 * nobody has to type an IP address; typing one stays possible beside it. Shows nothing when
 * discovery is off here or found nobody, except a line saying so.
 */
export function NearbyDevices({ onPick, disabled = false }: { readonly onPick: (device: NearbyDeviceDto) => void; readonly disabled?: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const nearby = useApiQuery((signal) => api.sync.nearbyDevices(signal), [api]);
  if (nearby.status !== 'success') return null;
  const { enabled, devices } = nearby.data;
  return (
    <section className="nearby-devices" aria-labelledby="nearby-title" data-testid="nearby-devices">
      <h3 id="nearby-title" className="small">
        {t('sync.nearby.title')}
      </h3>
      {devices.length === 0 ? (
        <p className="muted small">{enabled ? t('sync.nearby.none') : t('sync.nearby.off')}</p>
      ) : (
        <ul className="plain-list">
          {devices.map((device) => (
            <li key={device.instanceId}>
              <button type="button" className="btn btn-link" disabled={disabled} onClick={() => onPick(device)} data-testid="nearby-device">
                {t('sync.nearby.device', { name: device.name, address: device.address, count: device.facilityIds.length })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="btn btn-small" onClick={nearby.reload} disabled={disabled}>
        {t('sync.nearby.refresh')}
      </button>
    </section>
  );
}
