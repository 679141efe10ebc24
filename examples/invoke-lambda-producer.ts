// Invokes the Lambda handler of lambda-producer.ts twice with a sample event, the second time as a warm
// invocation reusing the first one's connection, as Lambda would. For trying it out locally.
import { handler } from './lambda-producer.js'

async function main(): Promise<void> {
  for (const id of ['order-1001', 'order-1002']) {
    console.log(JSON.stringify(await handler({ orders: [{ id, total: 12.5 }] })))
  }
  // Lambda freezes the process between invocations; here it has to end on its own.
  process.exit(0)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
