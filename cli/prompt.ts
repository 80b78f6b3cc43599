import readline from 'node:readline'

/** Reads one line from the terminal without echoing it. */
export function readSecretLine (question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true })
    const output = rl as unknown as { _writeToOutput: (s: string) => void }
    let asked = false
    output._writeToOutput = (s: string) => {
      if (!asked) { process.stderr.write(s); asked = true }
    }
    rl.question(question, (answer) => {
      rl.close()
      process.stderr.write('\n')
      resolve(answer)
    })
  })
}
