import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../auth/session-context.js';
import { LearnerQuizList } from '../quizzes/learner-quiz-list.js';
import { PageHeader } from '../ui/page-header.js';

/** A learner's landing page: who is signed in, their assigned quizzes, and where to manage their devices. */
export function LearnerHomePage() {
  const { t } = useTranslation();
  const session = useSession();
  if (session.status !== 'signed-in') return null;
  return (
    <section aria-labelledby="home-title" data-testid="learner-home">
      <PageHeader title={t('home.welcome', { name: session.user.fullName || session.user.username })} titleId="home-title" />
      <div className="panel">
        <p>{t('home.signedInAs', { username: session.user.username })}</p>
        <p>
          <Link to="/devices">{t('home.manageDevices')}</Link>
        </p>
      </div>
      <LearnerQuizList />
    </section>
  );
}
