/** One call of `work` at a time: callers that arrive while it runs share its outcome (memoize's in-flight part). */
export class SingleFlight<T> {
  private current: Promise<T> | undefined

  constructor(private readonly work: () => Promise<T>) {}

  get running(): boolean {
    return this.current !== undefined
  }

  run(): Promise<T> {
    this.current ??= this.work().finally(() => {
      this.current = undefined
    })
    return this.current
  }
}
