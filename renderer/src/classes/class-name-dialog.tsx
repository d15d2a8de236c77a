import { useTranslation } from 'react-i18next';
import { NameDialog } from '../ui/name-dialog.js';

/** Asks for a new class's name. */
export function ClassNameDialog({ onSave, onClose }: { readonly onSave: (name: string) => Promise<unknown>; readonly onClose: () => void }) {
  const { t } = useTranslation();
  const text = { title: t('classes.createTitle'), label: t('classes.name'), submit: t('classes.create'), required: t('classes.errors.nameRequired') };
  return <NameDialog text={text} onSave={onSave} onClose={onClose} />;
}
