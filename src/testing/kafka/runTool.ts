import { execFile } from 'node:child_process'

export interface ToolRun {
  /** stdout and stderr together (`java -version` writes to stderr, `mvn -v` to stdout). */
  output: string
  /** Set when the program could not be run at all or failed; `code` is e.g. 'ENOENT' or an exit status. */
  failure?: { code: string; message: string }
}

/** Runs a short tool command (`java -version`, `mvn -v`) with the given environment; never rejects. */
export function runTool(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ToolRun> {
  return new Promise((resolve) => {
    // PATH lookup uses env.PATH (Node does so when env is given), which is what the unit tests rely on.
    execFile(command, args, { env, timeout: timeoutMs, windowsHide: true }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`
      if (!error) return resolve({ output })
      const e = error as NodeJS.ErrnoException & { killed?: boolean }
      const code = typeof e.code === 'string' ? e.code : e.killed ? 'TIMEOUT' : `exit ${String(e.code)}`
      resolve({ output, failure: { code, message: `${command} ${args.join(' ')}: ${code}` } })
    })
  })
}
