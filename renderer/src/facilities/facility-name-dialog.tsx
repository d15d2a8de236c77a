import { useTranslation } from 'react-i18next';
import type { FacilityDto } from '../../../core/contract/facilities.js';
import { NameDialog } from '../ui/name-dialog.js';

/** Props of the create / rename facility dialog. */
export interface FacilityNameDialogProps {
  /** The facility to rename; absent to create one. */
  readonly facility?: FacilityDto;
  readonly onSave: (name: string) => Promise<unknown>;
  readonly onClose: () => void;
}

/** Asks for a facility's name, for a new facility or to rename one. */
export function FacilityNameDialog({ facility, onSave, onClose }: FacilityNameDialogProps) {
  const { t } = useTranslation();
  const text = {
    title: facility ? t('facilities.renameTitle', { name: facility.name }) : t('facilities.createTitle'),
    label: t('facilities.name'),
    submit: facility ? t('facilities.rename') : t('facilities.create'),
    required: t('facilities.errors.nameRequired'),
  };
  return <NameDialog text={text} initialName={facility?.name} onSave={onSave} onClose={onClose} />;
}
