// Integration tests talk to a real broker: allow for JVM warm-up and group rebalances.
jest.setTimeout(120_000)
