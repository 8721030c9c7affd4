import os from 'node:os';

/** "user till (uid 1001)": who the process runs as, for errors about what that user may not do. */
export function currentUser(): string {
  try {
    const user = os.userInfo();
    return `user ${user.username} (uid ${user.uid})`;
  } catch {
    return 'this user';
  }
}
