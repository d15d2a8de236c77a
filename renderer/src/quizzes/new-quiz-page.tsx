import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useApi } from '../api/api-context.js';
import { useFacility } from '../facilities/facility-context.js';
import { PageHeader } from '../ui/page-header.js';
import { inputOf, newQuestion } from './quiz-draft.js';
import { QuizEditor } from './quiz-editor.js';

/** A coach writes a new quiz for a class; it is saved as a draft. */
export function NewQuizPage() {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const { facilityId } = useFacility();
  const classId = useParams()['classId'] ?? '';
  const classPath = `/facilities/${encodeURIComponent(facilityId)}/classes/${encodeURIComponent(classId)}`;
  return (
    <section aria-labelledby="new-quiz-title">
      <Link to={classPath} className="back-link">
        {t('quizzes.backToClass')}
      </Link>
      <PageHeader title={t('quizzes.newTitle')} titleId="new-quiz-title" />
      <QuizEditor
        initial={{ title: '', questions: [newQuestion('new-0')] }}
        saveLabel={t('quizzes.saveDraft')}
        onSave={async (draft) => {
          const quiz = await api.quizzes.create(classId, inputOf(draft));
          navigate(`${classPath}/quizzes/${encodeURIComponent(quiz.id)}`, { state: { saved: true } });
        }}
      />
    </section>
  );
}
