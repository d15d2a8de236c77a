/** Call to stop listening. Every `onDid*` returns one so tests can check that nothing leaks. */
export type Disposer = () => void;

/** A typed event with many listeners. Listeners run in order; one that throws does not stop the others. */
export interface Emitter<T> {
  /** Subscribes `listener`; the returned disposer unsubscribes it. */
  readonly on: (listener: (event: T) => void) => Disposer;
  /** Delivers `event` to every listener; errors go to `onListenerError`. */
  fire(event: T): void;
  /** How many listeners are subscribed (for leak checks). */
  readonly size: number;
}

/** Creates an `Emitter`. `onListenerError` receives what a listener threw. */
export function createEmitter<T>(onListenerError: (error: unknown) => void = () => {}): Emitter<T> {
  const listeners = new Set<(event: T) => void>();
  return {
    on(listener) {
      // Wrap so the same function may subscribe twice and each disposer removes only its own.
      const entry = (event: T) => listener(event);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    fire(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    get size() {
      return listeners.size;
    },
  };
}
