import type { RouteObject } from 'react-router';
import { Navigate } from 'react-router';
import { HomeRedirect } from './auth/home-redirect.js';
import { SignedInLayout } from './auth/signed-in-layout.js';
import { ClassPage } from './classes/class-page.js';
import { ClassesPage } from './classes/classes-page.js';
import { DevicesPage } from './devices/devices-page.js';
import { ConnectLearnersPage } from './devices/connect-learners-page.js';
import { FacilitiesPage } from './facilities/facilities-page.js';
import { FacilityLayout } from './facilities/facility-layout.js';
import { LearnerQuizPage } from './quizzes/learner-quiz-page.js';
import { NewQuizPage } from './quizzes/new-quiz-page.js';
import { QuizPage } from './quizzes/quiz-page.js';
import { RootLayout } from './root-layout.js';
import { SetupPage } from './setup/setup-page.js';
import { SyncConflictsPage } from './sync/sync-conflicts-page.js';
import { SyncPage } from './sync/sync-page.js';
import { NotFoundPage } from './ui/not-found-page.js';
import { RouteErrorPage } from './ui/route-error-page.js';
import { LearnerHomePage } from './users/learner-home-page.js';
import { UsersPage } from './users/users-page.js';

/** Every page of the app. The root layout decides between setup, sign-in and the signed-in pages. */
export const routes: RouteObject[] = [
  {
    element: <RootLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/setup', element: <SetupPage /> },
      // Rendered by the root layout itself, so the sign-in page never remounts on the way there.
      { path: '/signin', element: null },
      {
        element: <SignedInLayout />,
        children: [
          { index: true, element: <HomeRedirect /> },
          { path: 'home', element: <LearnerHomePage /> },
          { path: 'learn/quizzes/:quizId', element: <LearnerQuizPage /> },
          { path: 'facilities', element: <FacilitiesPage /> },
          {
            path: 'facilities/:facilityId',
            element: <FacilityLayout />,
            children: [
              { index: true, element: <Navigate to="users" replace /> },
              // Keyed by view: the active and removed lists never share a selection.
              { path: 'users', element: <UsersPage key="active" view="active" /> },
              { path: 'users/removed', element: <UsersPage key="removed" view="removed" /> },
              { path: 'classes', element: <ClassesPage /> },
              { path: 'classes/:classId', element: <ClassPage /> },
              { path: 'classes/:classId/quizzes/new', element: <NewQuizPage /> },
              { path: 'classes/:classId/quizzes/:quizId', element: <QuizPage /> },
              { path: 'sync', element: <SyncPage /> },
              { path: 'conflicts', element: <SyncConflictsPage /> },
            ],
          },
          { path: 'devices', element: <DevicesPage /> },
          { path: 'connect', element: <ConnectLearnersPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
