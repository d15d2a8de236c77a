import type { UserDto } from '../../../core/contract/users.js';

/** The learners or the coaches of a class, with the action that changes them. */
export function MemberList(props: {
  readonly title: string;
  readonly empty: string;
  readonly users: readonly UserDto[];
  readonly action: string | null;
  readonly onAction: () => void;
}) {
  return (
    <div className="panel">
      <div className="panel-header">
        <h2>
          {props.title} <span className="count-pill">{props.users.length}</span>
        </h2>
        {props.action && (
          <button type="button" className="btn btn-small" onClick={props.onAction}>
            {props.action}
          </button>
        )}
      </div>
      {props.users.length === 0 ? (
        <p className="muted">{props.empty}</p>
      ) : (
        <ul className="member-list">
          {props.users.map((user) => (
            <li key={user.id}>
              <span>{user.fullName}</span> <span className="muted">{user.username}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
