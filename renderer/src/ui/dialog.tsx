import { useEffect, useId, useRef, type ReactNode } from 'react';

/** Props of a modal dialog. */
export interface DialogProps {
  readonly title: string;
  readonly onClose: () => void;
  /** While true, Escape does not close the dialog (a request is in flight). */
  readonly busy?: boolean;
  readonly wide?: boolean;
  readonly children: ReactNode;
}

/**
 * A modal dialog on the native `<dialog>` element: the browser traps focus, makes the page behind it
 * inert and closes on Escape, which is what keyboard and screen-reader users expect. Render it only
 * while it is open; on close, focus goes back to what had it before.
 */
export function Dialog({ title, onClose, busy = false, wide = false, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: React decides whether the dialog goes away, so it never closes behind React's back.
        event.preventDefault();
        if (!busy) onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}
