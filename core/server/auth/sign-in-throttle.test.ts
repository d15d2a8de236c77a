import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../common/clock.js';
import { createSignInThrottle, defaultSignInThrottleSettings, refusalMessage, type AdmittedSignIn, type RefusedSignIn } from './sign-in-throttle.js';

function fail(throttle: ReturnType<typeof createSignInThrottle>, username: string, address: string): void {
  const attempt = throttle.admit(username, address);
  if (!attempt.admitted) throw new Error(`refused ${username}@${address}`);
  attempt.failed();
}

describe('sign-in throttle', () => {
  it('refuses a username after its limit of failures, from any address, until the oldest failure leaves the window', () => {
    const clock = createManualClock();
    const throttle = createSignInThrottle(clock, { maxFailuresPerUsername: 3, maxFailuresPerAddress: 100, windowMs: 60_000 });
    fail(throttle, 'amina', '10.0.0.1');
    clock.advance(10_000);
    fail(throttle, 'Amina ', '10.0.0.2');
    fail(throttle, 'AMINA', '10.0.0.3');
    const refused = throttle.admit('amina', '10.0.0.4') as RefusedSignIn;
    expect(refused).toEqual({ admitted: false, reason: 'username-failures', retryAfterMs: 50_000 });
    expect(throttle.admit('baraka', '10.0.0.4').admitted).toBe(true);
    clock.advance(50_000);
    expect(throttle.admit('amina', '10.0.0.4').admitted).toBe(true);
  });

  it('refuses an address after its limit of failures, whatever the username', () => {
    const clock = createManualClock();
    const throttle = createSignInThrottle(clock, { maxFailuresPerUsername: 100, maxFailuresPerAddress: 4, windowMs: 60_000 });
    for (let n = 0; n < 4; n += 1) fail(throttle, `user${n}`, '10.0.0.9');
    expect(throttle.admit('someone-else', '10.0.0.9').admitted).toBe(false);
    expect(throttle.admit('someone-else', '10.0.0.10').admitted).toBe(true);
  });

  it('a success clears the username’s failures but not the address’s', () => {
    const clock = createManualClock();
    const throttle = createSignInThrottle(clock, { maxFailuresPerUsername: 2, maxFailuresPerAddress: 3, windowMs: 60_000 });
    fail(throttle, 'amina', '10.0.0.1');
    (throttle.admit('amina', '10.0.0.1') as AdmittedSignIn).succeeded();
    fail(throttle, 'amina', '10.0.0.1');
    expect(throttle.admit('amina', '10.0.0.2').admitted).toBe(true);
    fail(throttle, 'baraka', '10.0.0.1');
    expect(throttle.admit('chausiku', '10.0.0.1').admitted).toBe(false);
  });

  it('counts attempts still being checked, so a parallel burst cannot slip past the limit', () => {
    const clock = createManualClock();
    const throttle = createSignInThrottle(clock, { maxFailuresPerUsername: 3, maxFailuresPerAddress: 100, windowMs: 60_000 });
    const burst = Array.from({ length: 10 }, () => throttle.admit('amina', '10.0.0.1'));
    expect(burst.filter((attempt) => attempt.admitted)).toHaveLength(3);
    for (const attempt of burst) if (attempt.admitted) attempt.failed();
    expect(throttle.admit('amina', '10.0.0.1').admitted).toBe(false);
  });

  it('an abandoned attempt counts as nothing, and settling twice counts once', () => {
    const clock = createManualClock();
    const throttle = createSignInThrottle(clock, { maxFailuresPerUsername: 2, maxFailuresPerAddress: 100, windowMs: 60_000 });
    (throttle.admit('amina', 'a') as AdmittedSignIn).abandoned();
    const once = throttle.admit('amina', 'a') as AdmittedSignIn;
    once.failed();
    once.failed();
    expect(throttle.admit('amina', 'a').admitted).toBe(true);
  });

  it('forgets the stalest keys beyond its memory bound', () => {
    const clock = createManualClock();
    const throttle = createSignInThrottle(clock, { maxFailuresPerUsername: 1, maxFailuresPerAddress: 1_000, windowMs: 60_000, maxTrackedKeys: 10 });
    // Each failure tracks two keys (its username and its address): only the last five pairs are kept.
    for (let n = 0; n < 20; n += 1) fail(throttle, `user${n}`, `10.0.0.${n}`);
    expect(throttle.admit('user0', '10.0.1.1').admitted).toBe(true);
    expect(throttle.admit('user19', '10.0.1.1').admitted).toBe(false);
  });

  it('counts only settled failures: a classroom’s parallel correct sign-ins from one address never become failures', () => {
    const clock = createManualClock();
    const throttle = createSignInThrottle(clock);
    const attempts = Array.from({ length: 40 }, (_, n) => throttle.admit(`learner${n}`, '10.0.0.1'));
    expect(attempts.every((attempt) => attempt.admitted)).toBe(true);
    for (const attempt of attempts) (attempt as AdmittedSignIn).succeeded();
    // All forty settled as successes: the address has its whole failure budget left.
    for (let n = 0; n < defaultSignInThrottleSettings.maxFailuresPerAddress - 1; n += 1) (throttle.admit(`guess${n}`, '10.0.0.1') as AdmittedSignIn).failed();
    expect(throttle.admit('learner0', '10.0.0.1').admitted).toBe(true);
  });

  it('names the reason of each refusal, and words it truthfully', () => {
    const clock = createManualClock();
    const throttle = createSignInThrottle(clock, { maxFailuresPerUsername: 1, maxFailuresPerAddress: 2, windowMs: 60_000 });
    const pending = throttle.admit('amina', '10.0.0.1') as AdmittedSignIn;
    const busy = throttle.admit('amina', '10.0.0.2') as RefusedSignIn;
    expect(busy).toEqual({ admitted: false, reason: 'username-busy', retryAfterMs: 1_000 });
    expect(refusalMessage(busy)).toBe('Other sign-ins for this username are still being checked. Wait 1 second and try again.');
    const crowd = createSignInThrottle(clock, { maxFailuresPerUsername: 5, maxFailuresPerAddress: 2, windowMs: 60_000 });
    crowd.admit('a', '10.0.0.9');
    crowd.admit('b', '10.0.0.9');
    const crowded = crowd.admit('c', '10.0.0.9') as RefusedSignIn;
    expect(refusalMessage(crowded)).toBe('Too many sign-ins from this network address are being checked at once. Wait 1 second and try again.');
    pending.failed();
    const user = throttle.admit('amina', '10.0.0.3') as RefusedSignIn;
    expect(user.reason).toBe('username-failures');
    expect(refusalMessage(user)).toBe('Too many failed sign-ins for this username. Wait 60 seconds and try again.');
    (throttle.admit('baraka', '10.0.0.1') as AdmittedSignIn).failed();
    const address = throttle.admit('chausiku', '10.0.0.1') as RefusedSignIn;
    expect(address.reason).toBe('address-failures');
    expect(refusalMessage(address, 'certificate requests')).toBe("Too many failed certificate requests from this device's network address. Wait 60 seconds and try again.");
  });
});
