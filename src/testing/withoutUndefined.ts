/** A copy of `entry` without its undefined fields (a log line shows only what is known). */
export function withoutUndefined<T extends object>(entry: T): T {
  return Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)) as T
}
