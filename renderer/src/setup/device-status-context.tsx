import { createContext, useContext } from 'react';

/** What the app knows about this device before anyone signs in. */
export interface DeviceStatus {
  readonly provisioned: boolean;
  /** The setup page finished: the device now has a facility and a superuser. */
  markProvisioned(): void;
}

/** Provided by the boot gate once the start-up check has answered. */
export const DeviceStatusContext = createContext<DeviceStatus | null>(null);

/** The device status. */
export function useDeviceStatus(): DeviceStatus {
  const status = useContext(DeviceStatusContext);
  if (!status) throw new Error('useDeviceStatus outside the boot gate');
  return status;
}
