// The one command-line parser of every CLI command (emulator, local, authorizer, doctor, doctor policy).
import { parseCommandArgs, UsageError } from '../../../src/cli/parseCommandArgs.js'

const spec = { values: ['region', 'brokers', 'port'], switches: ['help', 'json'], repeatable: ['brokers'] }

describe('parseCommandArgs', () => {
  it('reads --name value, --name=value and switches; -h is --help', () => {
    const args = parseCommandArgs(['--region', 'eu-west-1', '--port=9098', '--json', '-h'], spec)
    expect(Object.fromEntries(args.values)).toEqual({ region: 'eu-west-1', port: '9098' })
    expect([...args.switches].sort()).toEqual(['help', 'json'])
  })

  it('keeps every value of a repeatable option, in order', () => {
    const args = parseCommandArgs(['--brokers', 'a:1', '--brokers=b:2,c:3'], spec)
    expect(args.lists.get('brokers')).toEqual(['a:1', 'b:2,c:3'])
    expect(args.lists.get('region')).toBeUndefined()
  })

  it.each([
    [['stray'], 'unexpected argument "stray"'],
    [['--bogus'], 'unknown option --bogus'],
    [['--port'], '--port needs a value'],
    [['--port', '--json'], '--port needs a value'],
    [['--port='], '--port needs a value'],
    [['--json=yes'], '--json takes no value'],
    [['--region', 'a', '--region', 'b'], '--region was given more than once'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseCommandArgs(argv, spec)).toThrow(new UsageError(message))
  })
})
