import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictFieldName, ConflictValueDto, SyncConflictDto } from '../../../core/contract/sync-conflicts.js';
import { useApi } from '../api/api-context.js';
import { useFacility } from '../facilities/facility-context.js';
import { Dialog } from '../ui/dialog.js';
import { EmptyState } from '../ui/empty-state.js';
import { QueryView } from '../ui/query-view.js';
import { useAction } from '../ui/use-action.js';
import { deviceWords, differingFields, fieldWords } from './conflict-fields.js';

/** The value an admin is about to keep: a lost one (`use`) or the kept one (`keep`, dismissing the others). */
interface Choice {
  readonly conflict: SyncConflictDto;
  readonly value: ConflictValueDto;
  readonly mode: 'use' | 'keep';
}

/** The words of a conflict's parts, shared by the list and the confirmation. */
function useConflictWords() {
  const { t, i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });
  const device = (value: ConflictValueDto) => {
    const words = deviceWords(value.device);
    return words.key === 'conflicts.device.thisDevice' ? t(words.key) : t(words.key, { name: words.name });
  };
  return {
    /** The record as a heading: "User “lena”". */
    record: (conflict: SyncConflictDto) => t(`conflicts.record.${conflict.kind}`, { label: conflict.label }),
    /** The record inside a sentence: "user “lena”", « l’utilisateur “lena” ». */
    subject: (conflict: SyncConflictDto) => t(`conflicts.subject.${conflict.kind}`, { label: conflict.label }),
    field: (name: ConflictFieldName) => t(`conflicts.field.${name}`),
    value: (name: ConflictFieldName, value: ConflictValueDto) => {
      const words = fieldWords(name, value.fields[name]);
      return 'key' in words ? t(words.key) : words.text;
    },
    device,
    edited: (value: ConflictValueDto) => t('conflicts.editedOn', { device: device(value), time: format.format(new Date(value.editedAt)) }),
  };
}

/**
 * A facility's sync conflicts (issue 13): each record where another device's concurrent edit lost,
 * with only the fields that differ, who made each value and when, and a way to use the other value
 * (a new edit that syncs everywhere) or keep the current one.
 */
export function SyncConflictsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { facilityId, conflicts } = useFacility();
  const words = useConflictWords();
  const [choice, setChoice] = useState<Choice | null>(null);
  const { busy, error, run, setError } = useAction();
  const [status, setStatus] = useState('');
  const [chosen, setChosen] = useState(0);
  const titleRef = useRef<HTMLHeadingElement>(null);

  // After a choice its card goes away: focus moves to the title (after the dialog gave it back to
  // a button that is about to disappear), so keyboard users are not dropped at the page's start.
  useEffect(() => {
    if (chosen > 0) titleRef.current?.focus();
  }, [chosen]);

  const confirm = (current: Choice) =>
    run(
      async () => {
        await api.sync.resolveConflict(facilityId, { recordId: current.conflict.recordId, valueId: current.value.valueId });
        const record = words.subject(current.conflict);
        setStatus(current.mode === 'use' ? t('conflicts.used', { record }) : t('conflicts.keptStatus', { record }));
        setChoice(null);
        setChosen((count) => count + 1);
        conflicts.reload();
      },
      {
        describe: (_caught, message) => {
          // Resolved elsewhere meanwhile, or gone: the list says what is left.
          conflicts.reload();
          return message;
        },
      },
    );

  return (
    <section aria-labelledby="conflicts-title">
      <div className="page-header">
        <h1 id="conflicts-title" ref={titleRef} tabIndex={-1}>
          {t('conflicts.title')}
        </h1>
      </div>
      <p className="muted">{t('conflicts.intro')}</p>
      <p className="status-line" role="status" data-testid="conflicts-status">
        {status}
      </p>
      <QueryView
        query={conflicts}
        loadingLabel={t('conflicts.loading')}
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyState title={t('conflicts.empty')}>
            <p>{t('conflicts.emptyHint')}</p>
          </EmptyState>
        }
      >
        {(list) => (
          <ul className="conflict-list">
            {list.map((conflict) => (
              <ConflictCard
                key={conflict.recordId}
                conflict={conflict}
                onChoose={(value, mode) => {
                  setError(null);
                  setChoice({ conflict, value, mode });
                }}
              />
            ))}
          </ul>
        )}
      </QueryView>
      {choice && (
        <Dialog
          title={choice.mode === 'use' ? t('conflicts.confirmUseTitle', { record: words.subject(choice.conflict) }) : t('conflicts.confirmKeepTitle', { record: words.subject(choice.conflict) })}
          onClose={() => setChoice(null)}
          busy={busy}
        >
          <ValueFields conflict={choice.conflict} value={choice.value} />
          <p>{choice.mode === 'use' ? t('conflicts.confirmUseText') : t('conflicts.confirmKeepText')}</p>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setChoice(null)} disabled={busy} autoFocus>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-primary" onClick={() => void confirm(choice)} disabled={busy}>
              {busy ? t('common.saving') : choice.mode === 'use' ? t('conflicts.useValue') : t('conflicts.keepCurrent')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

/** One record in conflict: a summary sentence per differing field, then each value with its choice. */
function ConflictCard({ conflict, onChoose }: { readonly conflict: SyncConflictDto; readonly onChoose: (value: ConflictValueDto, mode: Choice['mode']) => void }) {
  const { t } = useTranslation();
  const words = useConflictWords();
  const titleId = useId();
  const fields = differingFields(conflict);
  const valueOn = (name: ConflictFieldName, value: ConflictValueDto) =>
    t(value === conflict.kept ? 'conflicts.keptValueOn' : 'conflicts.valueOn', { value: words.value(name, value), device: words.device(value) });

  return (
    <li className="conflict" data-testid="conflict" aria-labelledby={titleId}>
      <h2 id={titleId} className="conflict-title">
        {words.record(conflict)}
      </h2>
      <ul className="conflict-summary">
        {fields.map((name) => (
          <li key={name}>
            {t('conflicts.summary', { field: words.field(name), values: [conflict.kept, ...conflict.lost].map((value) => valueOn(name, value)).join(t('conflicts.separator')) })}
          </li>
        ))}
      </ul>
      <ul className="conflict-values">
        <ValueItem conflict={conflict} value={conflict.kept} kept onChoose={() => onChoose(conflict.kept, 'keep')} />
        {conflict.lost.map((value) => (
          <ValueItem key={value.valueId} conflict={conflict} value={value} kept={false} onChoose={() => onChoose(value, 'use')} />
        ))}
      </ul>
    </li>
  );
}

/** A value of a conflict: kept or not, who made it and when, its differing fields, and its button. */
function ValueItem({ conflict, value, kept, onChoose }: { readonly conflict: SyncConflictDto; readonly value: ConflictValueDto; readonly kept: boolean; readonly onChoose: () => void }) {
  const { t } = useTranslation();
  const words = useConflictWords();
  const headId = useId();
  const fieldsId = useId();
  return (
    <li className={kept ? 'conflict-value conflict-value-kept' : 'conflict-value'} data-testid={kept ? 'conflict-kept' : 'conflict-lost'}>
      <p id={headId} className="conflict-value-head">
        <span className={kept ? 'badge badge-kept' : 'badge'}>{kept ? t('conflicts.kept') : t('conflicts.lost')}</span> {words.edited(value)}
      </p>
      <ValueFields id={fieldsId} conflict={conflict} value={value} />
      {/* The visible name stays short; the description says which value of which record it keeps. */}
      <button type="button" className={kept ? 'btn btn-small' : 'btn btn-small btn-primary'} aria-describedby={`${headId} ${fieldsId}`} onClick={onChoose}>
        {kept ? t('conflicts.keepCurrent') : t('conflicts.useValue')}
      </button>
    </li>
  );
}

/** The differing fields of one value, as a list of names and values. */
function ValueFields({ id, conflict, value }: { readonly id?: string; readonly conflict: SyncConflictDto; readonly value: ConflictValueDto }) {
  const words = useConflictWords();
  return (
    <dl id={id} className="conflict-fields">
      {differingFields(conflict).map((name) => (
        <div key={name}>
          <dt>{words.field(name)}</dt>
          <dd>{words.value(name, value)}</dd>
        </div>
      ))}
    </dl>
  );
}
